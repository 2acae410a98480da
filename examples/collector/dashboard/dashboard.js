// Dashboard: signs in with the admin token (kept in sessionStorage for this tab only; a sign-in link's
// `#token=` fragment never reaches the server or its logs), then reads the collector's summary and
// recent responses with it. Every string is set as text (textContent), never HTML.
const $ = (id) => document.getElementById(id);
const fmt = (v, unit = '') => (v === null || v === undefined ? '—' : `${v}${unit}`);
const KEY = 'aftercare-admin-token';

const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromLink) {
  sessionStorage.setItem(KEY, fromLink);
  history.replaceState(null, '', location.pathname + location.search);
}

class Unauthorized extends Error {}
class Throttled extends Error {}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` } });
  if (res.status === 401) throw new Unauthorized('That token is not valid.');
  // Too many wrong tokens from this address: the token in hand may well be right; keep it and wait.
  if (res.status === 429) throw new Throttled(`Too many wrong tokens from this address; trying again in ${res.headers.get('retry-after') ?? 60} s.`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

function showSignIn(message = '') {
  $('data').hidden = true;
  $('signout').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = message;
  $('status').textContent = 'Sign in to see the answers.';
}

async function load() {
  if (!sessionStorage.getItem(KEY)) return showSignIn();
  const [summary, recent] = await Promise.all([api('/v1/summary'), api('/v1/responses?limit=20')]);
  $('signin').hidden = true;
  $('data').hidden = false;
  $('signout').hidden = false;
  const scores = [
    ['Responses', summary.responses],
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
    for (const v of [r.answeredAt.replace('T', ' ').slice(0, 19), r.deliveryId, fmt(r.csat), fmt(r.nps), r.comment ?? '', r.complete ? 'yes' : 'no', r.signed ? 'yes' : 'no']) {
      tr.insertCell().textContent = v;
    }
  }
  $('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

function refresh() {
  return load().catch((e) => {
    if (e instanceof Unauthorized) {
      sessionStorage.removeItem(KEY);
      showSignIn(e.message);
    } else if (e instanceof Throttled) $('status').textContent = e.message;
    else $('status').textContent = `Could not load the summary: ${e.message}`;
  });
}

$('signin').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('token').value.trim());
  $('token').value = '';
  void refresh();
});
$('signout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  showSignIn();
});

void refresh();
setInterval(() => {
  if (sessionStorage.getItem(KEY)) void refresh();
}, 5000);
