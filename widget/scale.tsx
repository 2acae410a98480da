import type { Strings } from './strings.ts';

export interface ScaleProps {
  kind: 'csat' | 'nps';
  uid: string;
  question: string;
  strings: Strings;
  value: number | undefined;
  onPick: (value: number) => void;
}

const CSAT = [1, 2, 3, 4, 5];
const NPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * One question as a native radio group: arrow keys, Space and screen-reader semantics come from the
 * browser. Each radio's name begins with its number ("4 Satisfied", "9").
 */
export function Scale({ kind, uid, question, strings: s, value, onPick }: ScaleProps) {
  const values = kind === 'csat' ? CSAT : NPS;
  const desc =
    kind === 'csat' ? `1 ${s.csatLabels[0]} – 5 ${s.csatLabels[4]}` : `0 ${s.npsLow} – 10 ${s.npsHigh}`;
  return (
    <fieldset class={kind} aria-describedby={`${uid}-${kind}-d`}>
      <legend id={`${uid}-${kind}-q`}>{question}</legend>
      <div class="opts">
        {values.map((v) => {
          const label = kind === 'csat' ? s.csatLabels[v - 1] : undefined;
          return (
            <label class="opt" key={v}>
              <input type="radio" name={`${uid}-${kind}`} value={v} checked={value === v} onChange={() => onPick(v)} />
              <span class="n">{v}</span>
              {label ? ' ' : null}
              {label ? <span class="l">{label}</span> : null}
            </label>
          );
        })}
      </div>
      {kind === 'nps' ? (
        <p class="ends" aria-hidden="true">
          <span>{s.npsLow}</span>
          <span>{s.npsHigh}</span>
        </p>
      ) : null}
      <p class="sr" id={`${uid}-${kind}-d`}>
        {desc}
      </p>
    </fieldset>
  );
}
