/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX (h): without preact/jsx-runtime the UI chunk is about 140 bytes (gzip) smaller.
import { Fragment, h } from 'preact';
import { formatNumber, type Strings } from './strings.ts';

/** How the CSAT options look: labelled number buttons, five stars, or five faces. NPS is always numbers. */
export type CsatStyle = 'buttons' | 'stars' | 'faces';

export interface ScaleProps {
  kind: 'csat' | 'nps';
  uid: string;
  question: string;
  /** A small line under the question ("Delivered on …"). */
  note?: string;
  strings: Strings;
  /** Locale for the digits. */
  lang: string;
  look?: CsatStyle;
  value: number | undefined;
  onPick: (value: number) => void;
}

const CSAT = [1, 2, 3, 4, 5];
const NPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const STAR = 'M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.1l-5.7 3.2 1.2-6.4-4.7-4.4 6.4-.8z';

/** Star or face for a CSAT value; decoration only, the radio's label carries the name. */
function Icon({ star, v }: { star: boolean; v: number }) {
  // Faces: the mouth bends from a frown (1) through a straight line (3) to a smile (5).
  const d = v - 3;
  return (
    <svg class="ic" viewBox="0 0 24 24" aria-hidden="true">
      {star ? <path d={STAR} /> : <circle cx="12" cy="12" r="9.5" />}
      {star ? null : <path d={`M9 9.5v1m6-1v1M7.5 ${16 - d / 2}Q12 ${16 + 2 * d} 16.5 ${16 - d / 2}`} />}
    </svg>
  );
}

/** Enter on a radio would submit the form (the browser's implicit submission); here it chooses, like Space. */
const enterPicks = (v: number, onPick: (v: number) => void) => (e: KeyboardEvent) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  const input = e.currentTarget as HTMLInputElement;
  if (!input.checked) {
    input.checked = true;
    onPick(v);
  }
};

/**
 * One question as a native radio group: arrow keys, Space and screen-reader semantics come from the
 * browser. Each radio's name begins with its number in the locale's digits ("4 Satisfied", "9"),
 * whatever the look; stars and faces hide the text visually, not from screen readers.
 */
export function Scale({ kind, uid, question, note, strings: s, lang, look = 'buttons', value, onPick }: ScaleProps) {
  const csat = kind === 'csat';
  const icons = csat && look !== 'buttons';
  const stars = icons && look === 'stars';
  const n = (v: number) => formatNumber(v, lang);
  const [low, high] = csat ? [s.csatLabels[0], s.csatLabels[4]] : [s.npsLow, s.npsHigh];
  return (
    <fieldset class={csat ? `${kind} ${look}` : kind} aria-describedby={`${uid}-${kind}-d`}>
      <legend id={`${uid}-${kind}-q`}>{question}</legend>
      {note ? <p class="d">{note}</p> : null}
      <div class="opts">
        {(csat ? CSAT : NPS).map((v) => {
          const label = csat ? s.csatLabels[v - 1] : undefined;
          return (
            // Stars fill up to the chosen value (`on`); styles.ts fills them up to the hovered one.
            <label class={stars && v <= (value ?? 0) ? 'opt on' : 'opt'} key={v}>
              <input type="radio" name={`${uid}-${kind}`} value={v} checked={value === v} onChange={() => onPick(v)} onKeyDown={enterPicks(v, onPick)} />
              {icons ? <Icon star={stars} v={v} /> : null}
              {icons ? (
                <span class="sr">{`${n(v)} ${label}`}</span>
              ) : (
                <>
                  <span class="n">{n(v)}</span>
                  {label ? ' ' : null}
                  {label ? <span class="l">{label}</span> : null}
                </>
              )}
            </label>
          );
        })}
      </div>
      {/* Shown for NPS, stars and faces, and for labelled buttons on narrow cards (styles.ts). */}
      <p class="ends" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </p>
      <p class="sr" id={`${uid}-${kind}-d`}>
        {`${n(csat ? 1 : 0)} ${low} – ${n(csat ? 5 : 10)} ${high}`}
      </p>
    </fieldset>
  );
}
