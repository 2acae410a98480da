import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Aftercare, Delivery } from '../sdk/index.ts';
import { Scale } from './scale.tsx';
import type { Strings } from './strings.ts';

export interface SurveyProps {
  sdk: Pick<Aftercare, 'answer' | 'dismiss'>;
  delivery: Pick<Delivery, 'id' | 'surveys'>;
  strings: Strings;
  /** Language tag set on the dialog so screen readers pronounce it right. */
  lang: string;
  /** What the questions are about, e.g. "your washing machine repair"; rendered as text. */
  subject?: string;
  onClose: () => void;
}

let uidCounter = 0;

/**
 * The survey dialog: each score is stored (complete: false) the moment it is chosen, the comment
 * and Send add the final revision, then a thank-you is announced.
 */
export function Survey({ sdk, delivery, strings: s, lang, subject, onClose }: SurveyProps) {
  const [uid] = useState(() => `ac${++uidCounter}`);
  const [scores, setScores] = useState<{ csat?: number; nps?: number }>({});
  const [comment, setComment] = useState('');
  const [phase, setPhase] = useState<'ask' | 'thanks'>('ask');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState(false);
  // Saves overlap when scores are picked quickly: only the newest decides whether the alert shows.
  const saveSeq = useRef(0);
  const closeRef = useRef<HTMLButtonElement>(null);
  const kinds = delivery.surveys.length ? delivery.surveys : (['csat'] as const);
  const about = subject || s.subject;
  const answered = scores.csat !== undefined || scores.nps !== undefined;

  useLayoutEffect(() => {
    // Send disappears with the form; keep keyboard users inside the dialog.
    if (phase === 'thanks') closeRef.current?.focus();
  }, [phase]);

  const save = async (patch: { csat?: number; nps?: number; comment?: string; complete: boolean }) => {
    const seq = ++saveSeq.current;
    try {
      await sdk.answer({ deliveryId: delivery.id, ...patch });
      if (seq === saveSeq.current) setError(false);
      return true;
    } catch (e) {
      console.error('[aftercare] could not save the answer:', e);
      if (seq === saveSeq.current) setError(true);
      return false;
    }
  };

  const pick = (kind: 'csat' | 'nps', v: number) => {
    setScores((prev) => ({ ...prev, [kind]: v }));
    void save({ [kind]: v, complete: false });
  };

  const close = () => {
    if (!answered && phase === 'ask') void sdk.dismiss(delivery.id).catch((e) => console.error('[aftercare] could not record the dismissal:', e));
    onClose();
  };

  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (!answered || sending) return;
    // Score saves may still be in flight: the SDK applies answers in call order, so this final
    // revision lands after them. Send itself is never disabled, so keyboard focus cannot fall out.
    setSending(true);
    const ok = await save({ ...scores, comment, complete: true });
    setSending(false);
    if (ok) setPhase('thanks');
  };

  const titleId = phase === 'ask' ? `${uid}-${kinds[0]}-q` : `${uid}-t`;
  return (
    <div
      class="card"
      role="dialog"
      aria-labelledby={titleId}
      lang={lang}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button ref={closeRef} class="x" type="button" aria-label={s.close} onClick={close}>
        <span aria-hidden="true">×</span>
      </button>
      {phase === 'ask' ? (
        <form onSubmit={submit}>
          {kinds.map((kind, i) =>
            i === 0 || scores[kinds[i - 1]!] !== undefined ? (
              <Scale
                key={kind}
                kind={kind}
                uid={uid}
                question={kind === 'csat' ? s.csatQuestion(about) : s.npsQuestion(about)}
                strings={s}
                value={scores[kind]}
                onPick={(v) => pick(kind, v)}
              />
            ) : null,
          )}
          {answered ? (
            <>
              <label class="c" for={`${uid}-c`}>
                {s.commentLabel}
              </label>
              <textarea id={`${uid}-c`} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
              <button class="send" type="submit" aria-disabled={sending ? 'true' : undefined}>
                {s.send}
              </button>
            </>
          ) : null}
          {error ? (
            <p class="err" role="alert">
              {s.saveFailed}
            </p>
          ) : null}
        </form>
      ) : null}
      <p id={`${uid}-t`} role="status" class={phase === 'thanks' ? 'thanks' : 'sr'}>
        {phase === 'thanks' ? s.thanks : ''}
      </p>
    </div>
  );
}
