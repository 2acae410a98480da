// The filters every view shares. Each choice becomes a URL parameter at once (selects, boxes, dates);
// free text applies on Enter or when the field is left, so typing does not fire a request per key.
// `periodOnly`: a view that reads no answers (Invitations) offers the period alone.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from './context.ts';
import { BUILT_IN_REASONS, reasonLabel } from './life.ts';
import { metaFilter } from './route.ts';

const BANDS = ['detractor', 'passive', 'promoter'] as const;
const CSAT = ['1', '2', '3', '4', '5'] as const;

/** `YYYY-MM-DD` minus `days` days (calendar arithmetic; no time zone involved). */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export function FilterBar({ metaKeys, periodOnly = false }: { metaKeys: string[]; periodOnly?: boolean }) {
  const { t, fmt, route, go } = useApp();
  const f = route.filters;
  const meta = metaFilter(f);
  const [q, setQ] = useState(f.get('q') ?? '');
  const [metaKey, setMetaKey] = useState(meta.key);
  const [metaValue, setMetaValue] = useState(meta.value);
  // Back/forward or a shortcut changed the URL: show what it now says.
  useEffect(() => {
    setQ(f.get('q') ?? '');
    setMetaKey(meta.key);
    setMetaValue(meta.value);
  }, [f.toString()]);

  const apply = (edit: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(f);
    edit(next);
    // A period chosen ends "all time"; removing the last bound keeps what was chosen before.
    if (next.toString() !== f.toString()) go({ filters: next, all: next.has('from') || next.has('to') ? false : route.all });
  };
  const setOne = (key: string, value: string) => apply((n) => (value ? n.set(key, value) : n.delete(key)));
  const toggle = (key: string, value: string, on: boolean) =>
    apply((n) => {
      const values = n.getAll(key).filter((v) => v !== value);
      n.delete(key);
      for (const v of on ? [...values, value] : values) n.append(key, v);
    });
  const commitText = (key = metaKey) =>
    apply((n) => {
      if (q.trim()) n.set('q', q.trim());
      else n.delete('q');
      for (const k of [...n.keys()]) if (k.startsWith('meta.')) n.delete(k);
      if (key && metaValue.trim()) n.set(`meta.${key}`, metaValue.trim());
    });
  const keys = metaKey && !metaKeys.includes(metaKey) ? [...metaKeys, metaKey] : metaKeys;
  const today = fmt.today();
  // Open on wide screens; on a phone the filters would push every figure below the fold.
  const [open] = useState(() => matchMedia('(min-width: 40rem)').matches);
  const active = [...new Set(f.keys())].filter((k) => !periodOnly || k === 'from' || k === 'to').length;

  return (
    <details class="filter-box" open={open}>
      <summary>
        {periodOnly ? t('range') : t('filters')}
        {active > 0 && ` · ${t('activeFilters', { n: fmt.count(active) })}`}
      </summary>
      <form
        class="filters"
        aria-label={periodOnly ? t('range') : t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          commitText();
        }}
      >
        <div class="presets" role="group" aria-label={t('range')}>
          <button type="button" onClick={() => apply((n) => (n.set('from', daysBefore(today, 29)), n.set('to', today)))}>
            {t('last30')}
          </button>
          <button type="button" onClick={() => apply((n) => (n.set('from', daysBefore(today, 89)), n.set('to', today)))}>
            {t('last90')}
          </button>
          <button
            type="button"
            onClick={() => {
              const n = new URLSearchParams(f);
              n.delete('from');
              n.delete('to');
              go({ filters: n, all: true });
            }}
          >
            {t('allTime')}
          </button>
        </div>
        <div class="fields">
          <label>
            {t('from')}
            <input type="date" name="from" value={f.get('from') ?? ''} onChange={(e) => setOne('from', e.currentTarget.value)} />
          </label>
          <label>
            {t('to')}
            <input type="date" name="to" value={f.get('to') ?? ''} onChange={(e) => setOne('to', e.currentTarget.value)} />
          </label>
          {!periodOnly && (
            <>
              <label>
                {t('survey')}
                <select name="survey" value={f.get('survey') ?? ''} onChange={(e) => setOne('survey', e.currentTarget.value)}>
                  <option value="">{t('any')}</option>
                  <option value="csat">{t('csat')}</option>
                  <option value="nps">{t('nps')}</option>
                </select>
              </label>
              <label>
                {t('complete')}
                <select name="complete" value={f.get('complete') ?? ''} onChange={(e) => setOne('complete', e.currentTarget.value)}>
                  <option value="">{t('any')}</option>
                  <option value="true">{t('yes')}</option>
                  <option value="false">{t('no')}</option>
                </select>
              </label>
              <label>
                {t('search')}
                <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} onChange={() => commitText()} />
              </label>
              <label>
                {t('waveFilter')}
                <input
                  type="number"
                  name="wave"
                  min="0"
                  step="1"
                  inputMode="numeric"
                  value={f.get('wave') ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value.trim();
                    setOne('wave', /^\d+$/.test(v) ? String(Number(v)) : '');
                  }}
                />
              </label>
              <label>
                {t('metaKey')}
                <select name="metaKey" value={metaKey} onChange={(e) => (setMetaKey(e.currentTarget.value), commitText(e.currentTarget.value))}>
                  <option value="">{t('any')}</option>
                  {keys.map((k) => (
                    <option value={k}>{k}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('metaValue')}
                <input type="text" name="metaValue" value={metaValue} onInput={(e) => setMetaValue(e.currentTarget.value)} onChange={() => commitText()} />
              </label>
            </>
          )}
        </div>
        {!periodOnly && (
          <div class="fields">
            <fieldset>
              <legend>{t('band')}</legend>
              {BANDS.map((b) => (
                <label class="check">
                  <input type="checkbox" name="band" value={b} checked={f.getAll('band').includes(b)} onChange={(e) => toggle('band', b, e.currentTarget.checked)} />
                  {t(b)}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('csatScore')}</legend>
              {CSAT.map((s) => (
                <label class="check">
                  <input type="checkbox" name="csat" value={s} checked={f.getAll('csat').includes(s)} onChange={(e) => toggle('csat', s, e.currentTarget.checked)} />
                  {fmt.count(Number(s))}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('reasonFilter')}</legend>
              {[...new Set([...BUILT_IN_REASONS, ...f.getAll('reason')])].map((r) => (
                <label class="check">
                  <input type="checkbox" name="reason" value={r} checked={f.getAll('reason').includes(r)} onChange={(e) => toggle('reason', r, e.currentTarget.checked)} />
                  {reasonLabel(r, t)}
                </label>
              ))}
            </fieldset>
          </div>
        )}
        <div class="actions">
          {!periodOnly && <button type="submit">{t('apply')}</button>}
          <button type="button" onClick={() => go({ filters: new URLSearchParams(), all: false })}>
            {t('clear')}
          </button>
        </div>
      </form>
    </details>
  );
}
