// Product life: how NPS and CSAT hold up from the first survey through each re-survey wave, and the
// drivers: which reasons customers named, by how much each moves the score. Both read with the shared
// filters (period, store, wave, reason…).
import { useApp } from './context.ts';
import { DriversTable } from './drivers-table.tsx';
import { hasLife, waves } from './life.ts';
import { apiQuery } from './route.ts';
import type { Drivers, Summary } from './types.ts';
import { usePoll } from './use-poll.ts';
import { WaveChart } from './wave-chart.tsx';

export function ProductLife() {
  const { t, fmt, route, signedOut } = useApp();
  const byWave = usePoll<Summary>(`/v1/summary${apiQuery(route.filters, { by: 'wave' })}`, signedOut);
  const drivers = usePoll<Drivers>(`/v1/drivers${apiQuery(route.filters)}`, signedOut);
  const w = waves(byWave.data?.segments);
  return (
    <div class="life" aria-busy={byWave.stale || drivers.stale ? 'true' : undefined}>
      <section aria-labelledby="life-h">
        <h2 id="life-h">{t('life')}</h2>
        <p class="help">{t('lifeHelp')}</p>
        {byWave.error && <p class="error">{t('loadFailed', { error: byWave.error })}</p>}
        {!byWave.data ? (
          <p>{t('loading')}</p>
        ) : !hasLife(w) ? (
          <p class="empty">{w.length ? t('noWaves') : t('noData')}</p>
        ) : (
          <>
            <div class="charts">
              {(['nps', 'csat'] as const).map((figure) => (
                <div>
                  <h3>{t('waveTable', { figure: t(figure) })}</h3>
                  <WaveChart figure={figure} waves={w} fmt={fmt} t={t} />
                </div>
              ))}
            </div>
            {w.some((s) => s.nps?.few || s.csat?.few) && <p class="few">{t('few')}</p>}
          </>
        )}
      </section>
      <section class="drivers" aria-labelledby="drivers-h">
        <h2 id="drivers-h">{t('drivers')}</h2>
        <p class="help">{t('driversHelp')}</p>
        {drivers.data && drivers.data.drivers.length > 0 && (
          <p class="n">{t('driversTotal', { n: fmt.count(drivers.data.total.n), nps: fmt.figure(drivers.data.total.nps, 'points'), csat: fmt.figure(drivers.data.total.csat, 'percent') })}</p>
        )}
        {drivers.error && <p class="error">{t('loadFailed', { error: drivers.error })}</p>}
        {!drivers.data ? <p>{t('loading')}</p> : !drivers.data.drivers.length ? <p class="empty">{t('noDrivers')}</p> : <DriversTable drivers={drivers.data.drivers} />}
      </section>
    </div>
  );
}
