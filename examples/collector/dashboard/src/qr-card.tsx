// A delivery's QR card on its page: *Print card* opens the card (SVG or PDF, A6 or business-card size)
// in a new tab to print, and *Show QR* shows the A6 card across this screen for a technician's tablet
// (the link printed under the code for people who type); Escape or *Close* returns. The card's link is the delivery's
// survey link with channel `qr`, so answers given through it count for that channel.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';

const FORMATS = [
  ['a6', 'svg'],
  ['a6', 'pdf'],
  ['card', 'svg'],
  ['card', 'pdf'],
] as const;

export function QrCard({ id }: { id: string }) {
  const { t, signedOut } = useApp();
  const base = `/v1/deliveries/${encodeURIComponent(id)}/card`;
  const large = `${base}?format=svg&size=a6`;
  const [link, setLink] = useState<string | null>(null);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (link && !dialog.current?.open) dialog.current?.showModal();
  }, [link]);

  // The card's link comes with it (X-Aftercare-Link): ask once, so an error shows here rather than a broken image.
  const show = async () => {
    setMsg({ ok: true, text: '' });
    let res: Response;
    try {
      res = await fetch(large, { credentials: 'same-origin' });
    } catch (e) {
      return setMsg({ ok: false, text: t('loadFailed', { error: e instanceof Error ? e.message : String(e) }) });
    }
    if (res.status === 401) return signedOut();
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      return setMsg({ ok: false, text: t('loadFailed', { error: body.error ?? `HTTP ${res.status}` }) });
    }
    setLink(res.headers.get('x-aftercare-link') ?? '');
  };
  const closed = () => {
    setLink(null);
    opener.current?.focus();
  };

  return (
    <div class="qr-card">
      <h3>{t('qrCard')}</h3>
      <p class="hint">{t('qrCardHelp')}</p>
      <p class="qr-links">
        <span>{t('printCard')}:</span>
        {FORMATS.map(([size, format]) => (
          <a href={`${base}?format=${format}&size=${size}`} target="_blank" rel="noopener" aria-describedby="qr-new-tab">
            {t(size === 'a6' ? 'cardA6' : 'cardSmall', { format: format.toUpperCase() })}
          </a>
        ))}
        <span id="qr-new-tab" class="hint">
          {t('opensNewTab')}
        </span>
      </p>
      <p>
        <button type="button" ref={opener} onClick={show}>
          {t('showQr')}
        </button>
      </p>
      <Outcome msg={msg} />
      {link !== null && (
        <dialog ref={dialog} class="qr-full" aria-labelledby="qr-full-h" onClose={closed}>
          <h2 id="qr-full-h">{t('qrFullTitle', { id })}</h2>
          {/* The A6 card itself: the name, the line in the customer's language, the QR and the link under it. */}
          <img src={large} alt={t('qrAlt', { link })} />
          <button type="button" autofocus onClick={() => dialog.current?.close()}>
            {t('closeQr')}
          </button>
        </dialog>
      )}
    </div>
  );
}
