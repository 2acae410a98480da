// *Record an answer* on a delivery's page: staff who called the customer type in what they said — the
// delivery's questions as the survey asks them, the reasons, a comment — and it is stored as that
// delivery's answer by phone (POST /v1/deliveries/:id/answers), recorded by this session. Once the
// current wave has an answer, by any channel, the page says so instead: a phone answer never replaces it.
import { useRef, useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { send } from './api.ts';
import { useApp } from './context.ts';
import type { DeliveryDetail } from './invitation-types.ts';
import { channelLabel } from './invite-words.ts';
import { BUILT_IN_REASONS, reasonLabel, waveName } from './life.ts';

type Kind = 'csat' | 'nps';
const SCALE: Record<Kind, number[]> = { csat: [1, 2, 3, 4, 5], nps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };

/** The questions a delivery asks, in the survey's order (CSAT first for `both`). */
export function questionsOf(survey: DeliveryDetail['delivery']['survey']): Kind[] {
  const named = Array.isArray(survey) ? survey : (survey ?? '').split(/[\s,]+/);
  if (named.includes('both')) return ['csat', 'nps'];
  const kinds = (['csat', 'nps'] as const).filter((k) => named.includes(k));
  return kinds.length ? kinds : ['csat'];
}

export function RecordAnswer({ detail, onSaved }: { detail: DeliveryDetail; onSaved: () => void }) {
  const { t, fmt, signedOut } = useApp();
  const [open, setOpen] = useState(false);
  const [scores, setScores] = useState<Partial<Record<Kind, number>>>({});
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const heading = useRef<HTMLHeadingElement>(null);
  const id = detail.delivery.id;
  const wave = waveName(detail.wave, t, fmt);
  const held = detail.answers.find((a) => a.wave === detail.wave);
  const kinds = questionsOf(detail.delivery.survey);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!kinds.some((k) => scores[k] !== undefined)) return setMsg({ ok: false, text: t('phoneNeedScore') });
    setBusy(true);
    const body = { ...scores, ...(reasons.length ? { reasons } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}), wave: detail.wave };
    const r = await send<{ response: { recordedBy: string }; caseId: string | null }>('POST', `/v1/deliveries/${encodeURIComponent(id)}/answers`, body);
    setBusy(false);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('saveFailed', { error: r.message }) });
    setMsg({ ok: true, text: t(r.data.caseId ? 'phoneSavedCase' : 'phoneSaved', { who: r.data.response.recordedBy }) });
    setOpen(false);
    setScores({});
    setReasons([]);
    setComment('');
    onSaved();
    // The form goes away with what it saved: keep the keyboard's place on the section's heading.
    heading.current?.focus();
  };

  return (
    <section class="phone-answer" aria-labelledby="phone-h">
      <div class="section-head">
        <h3 id="phone-h" tabIndex={-1} ref={heading}>
          {t('recordAnswer')}
        </h3>
        {!held && (
          <button type="button" aria-expanded={open} aria-controls="phone-form" onClick={() => setOpen(!open)}>
            {open ? t('phoneClose') : t('recordAnswer')}
          </button>
        )}
      </div>
      <Outcome msg={msg} />
      {held ? (
        <p class="help">{t('phoneAnswered', { wave, channel: channelLabel(held.channel ?? 'web', t) })}</p>
      ) : (
        <p class="help">{t('phoneHelp', { wave })}</p>
      )}
      {open && !held && (
        <form id="phone-form" class="phone-form" onSubmit={save}>
          {kinds.map((k) => (
            <fieldset class={`scale ${k}`} aria-describedby={k === 'nps' ? 'phone-nps-scale' : undefined}>
              <legend>{t(k === 'csat' ? 'phoneCsatQ' : 'phoneNpsQ')}</legend>
              {SCALE[k].map((n) => (
                <label class="check">
                  <input type="radio" name={`phone-${k}`} value={n} checked={scores[k] === n} onChange={() => setScores({ ...scores, [k]: n })} />
                  {k === 'csat' ? t(`phoneCsat${n}` as 'phoneCsat1') : fmt.count(n)}
                </label>
              ))}
              {k === 'nps' && (
                <p class="hint" id="phone-nps-scale">
                  {t('phoneNpsScale')}
                </p>
              )}
            </fieldset>
          ))}
          <fieldset>
            <legend>{t('phoneReasons')}</legend>
            {BUILT_IN_REASONS.map((r) => (
              <label class="check">
                <input type="checkbox" checked={reasons.includes(r)} onChange={(e) => setReasons(e.currentTarget.checked ? [...reasons, r] : reasons.filter((x) => x !== r))} />
                {reasonLabel(r, t)}
              </label>
            ))}
          </fieldset>
          <label class="note">
            {t('phoneComment')}
            <textarea name="comment" rows={3} maxLength={5000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('saving') : t('phoneSave')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
