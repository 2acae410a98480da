// One kept message as it would arrive: its HTML in a sandboxed frame (no scripts, no forms, its own
// origin: the collector serves it with `sandbox` in its CSP too), its plain text as text, its headers.
import { useEffect, useRef, useState } from 'preact/hooks';
import { read } from './api.ts';
import { useApp } from './context.ts';
import type { MailMessage as Message } from './invitation-types.ts';

const PARTS = ['html', 'text', 'headers'] as const;
type Part = (typeof PARTS)[number];

/** A header's value as text: mail libraries give strings, lists of strings, or structured values. */
const headerText = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(', ') : JSON.stringify(v));

export function MailMessage({ id }: { id: string }) {
  const { t, fmt, signedOut } = useApp();
  const [part, setPart] = useState<Part>('html');
  const [msg, setMsg] = useState<Message | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // Read once, not polled: a kept message never changes. The reader chose it: the focus follows.
  useEffect(() => {
    let live = true;
    setMsg(null);
    setError('');
    void read<Message>(`/v1/mail/${encodeURIComponent(id)}`).then((r) => {
      if (!live) return;
      if (r.ok) setMsg(r.data);
      else if (r.status === 401) signedOut();
      else setError(t('loadFailed', { error: r.message }));
    });
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <article class="mail" aria-labelledby="mail-subject">
      <h3 id="mail-subject" tabIndex={-1} ref={heading}>
        {msg ? msg.subject : t('loading')}
      </h3>
      {error && <p class="error">{error}</p>}
      {msg && (
        <dl class="facts">
          <div>
            <dt>{t('mailFrom')}</dt>
            <dd>{msg.from}</dd>
          </div>
          <div>
            <dt>{t('mailTo')}</dt>
            <dd>{msg.to}</dd>
          </div>
          <div>
            <dt>{t('mailTime')}</dt>
            <dd>{fmt.dateTime(msg.createdAt)}</dd>
          </div>
        </dl>
      )}
      <div class="switch" role="group" aria-label={t('mailShow')}>
        {PARTS.map((p) => (
          <button type="button" aria-pressed={part === p} onClick={() => setPart(p)}>
            {t(`mail_${p}`)}
          </button>
        ))}
      </div>
      {part === 'html' && <iframe class="mail-html" sandbox="" src={`/v1/mail/${encodeURIComponent(id)}/html`} title={t('mailHtml', { subject: msg?.subject ?? '' })} />}
      {part === 'text' && msg && <pre class="mail-text">{msg.text}</pre>}
      {part === 'headers' && msg && (
        <dl class="facts headers">
          {Object.entries(msg.headers).map(([k, v]) => (
            <div>
              <dt>{k}</dt>
              <dd>{headerText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </article>
  );
}
