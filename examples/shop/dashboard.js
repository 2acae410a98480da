// Dashboard: reads the collector's summary (scores and displays) and recent responses. Text only (textContent), never HTML.
const $ = (id) => document.getElementById(id);
const fmt = (v, unit = '') => (v === null || v === undefined ? '—' : `${v}${unit}`);

async function load() {
  const [summary, recent] = await Promise.all([
    fetch('/v1/summary').then((r) => r.json()),
    fetch('/v1/responses?limit=20').then((r) => r.json()),
  ]);
  const scores = [
    ['Responses', summary.responses],
    // Older collectors send no `displays`; show a dash rather than a misleading 0.
    ['Displays', fmt(summary.displays?.total)],
    ['Response rate', fmt(summary.displays?.responseRate, ' %')],
    [
      'Displays answered / dismissed (later) / expired',
      summary.displays ? `${summary.displays.answered} / ${summary.displays.dismissed} (${summary.displays.later}) / ${summary.displays.expired}` : '—',
    ],
    ['CSAT (share of 4–5)', fmt(summary.csat.score, ' %')],
    ['Mean CSAT', fmt(summary.csat.mean)],
    ['CSAT answers per score', Object.entries(summary.csat.counts).map(([k, v]) => `${k}: ${v}`).join(' · ')],
    ['NPS', fmt(summary.nps.score)],
    ['NPS promoters / passives / detractors', `${summary.nps.promoters} / ${summary.nps.passives} / ${summary.nps.detractors}`],
    ['NPS answers per score', Object.entries(summary.nps.counts).map(([k, v]) => `${k}: ${v}`).join(' · ')],
  ];
  const dl = $('scores');
  dl.replaceChildren();
  for (const [k, v] of scores) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    dl.append(dt, dd);
  }
  const tbody = $('recent').tBodies[0];
  tbody.replaceChildren();
  for (const r of recent.responses) {
    const tr = tbody.insertRow();
    for (const v of [r.answeredAt.replace('T', ' ').slice(0, 19), r.deliveryId, fmt(r.csat), fmt(r.nps), r.comment ?? '', r.complete ? 'yes' : 'no']) {
      tr.insertCell().textContent = v;
    }
  }
  $('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

load().catch((e) => ($('status').textContent = `Could not load the summary: ${e.message}`));
setInterval(() => load().catch(() => {}), 5000);
