// Something to hand on once (an invitation link, a new API key): a read-only field, selected when
// focused, with a Copy button; without a clipboard (refused, or plain http) it is selected for Ctrl+C.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';

/** `focus`: take the focus when shown (it answers what the reader just did). */
export function CopyField({ id, label, value, focus = false }: { id: string; label: string; value: string; focus?: boolean }) {
  const { t } = useApp();
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) input.current?.focus();
  }, [value]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setMsg({ ok: true, text: t('copied') });
    } catch {
      input.current?.select();
      setMsg({ ok: false, text: t('copySelected') });
    }
  };
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="actions">
        <input id={id} ref={input} type="text" readOnly value={value} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          {t('copy')}
        </button>
      </div>
      <Outcome msg={msg} />
    </div>
  );
}
