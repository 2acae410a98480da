// The demo shop's pages. Every attribute value is HTML-escaped: the shop renders the tag server-side,
// as a merchant's own templates would.
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title, body) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Tidy Appliances</title>
<link rel="stylesheet" href="/shop.css">
</head>
<body>
<header><a class="brand" href="/">Tidy Appliances</a>
<nav aria-label="Shop"><a href="/">Your orders</a> <a href="/help">Help</a> <a href="/order">New order</a> <a href="/dashboard">Dashboard</a></nav></header>
<main>
${body}
</main>
</body>
</html>
`;

/** The script tag as a merchant pastes it; `attrs` holds the optional data-* values. */
export function scriptTag(attrs) {
  if (attrs.tag === '0') return '<!-- no aftercare tag: baseline page for the benchmark -->';
  const parts = Object.entries(attrs)
    .filter(([k, v]) => k !== 'tag' && v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `\n        data-${k}="${esc(v)}"`);
  return `<script async src="/aftercare.js"${parts.join('')}></script>`;
}

const DAY = 86_400_000;

/**
 * @param {string} path
 * @param {URLSearchParams} q  test hooks: order, deliveredAt, daysAgo, survey, locale, subject, customer, endpoint,
 *   tag=0 (no script tag), and any `data-…` parameter, passed to the tag as that attribute (`?data-position=center`)
 * @param {{ delay?: string }} defaults  `delay`: the tag's `data-delay` unless the query sets one (`npm start -- --delay 0`)
 */
export function renderPage(path, q, defaults = {}) {
  // `endpoint=` (empty) drops the attribute: the tests use it to check the error for a missing endpoint.
  const endpoint = q.has('endpoint') ? q.get('endpoint') : '/v1/responses';
  const common = { tag: q.get('tag') ?? undefined, survey: q.get('survey') ?? undefined, locale: q.get('locale') ?? undefined, subject: q.get('subject') ?? undefined, delay: defaults.delay };
  for (const [k, v] of q) if (k.startsWith('data-')) common[k.slice(5)] = v;
  // Unset hooks must not override a page's own settings when spread after them.
  for (const k of Object.keys(common)) if (common[k] === undefined || common[k] === null) delete common[k];
  if (path === '/' || path === '/order') {
    const confirm = path === '/order';
    const daysAgo = Number(q.get('daysAgo') ?? (confirm ? 0 : 4));
    const deliveredAt = q.get('deliveredAt') ?? new Date(Date.now() - daysAgo * DAY).toISOString();
    const order = q.get('order') ?? (confirm ? `order-${Date.now().toString(36)}` : 'order-1042');
    const tag = scriptTag({
      endpoint,
      'delivery-id': order,
      'delivered-at': deliveredAt,
      'customer-id': q.get('customer') ?? undefined,
      ...common,
    });
    const body = confirm
      ? `<h1>Thank you for your order</h1>
<p>Order <strong>${esc(order)}</strong> was delivered on <time datetime="${esc(deliveredAt)}">${esc(deliveredAt.slice(0, 10))}</time>.
We will ask how it went in a few days, on any page of this site.</p>`
      : `<h1>Your orders</h1>
<article class="order"><h2>Washing machine repair</h2>
<p>Order <strong>${esc(order)}</strong> · delivered <time datetime="${esc(deliveredAt)}">${esc(deliveredAt.slice(0, 10))}</time> (${daysAgo} days ago)</p>
<p>Because the repair was done ${daysAgo} days ago, the survey in the corner asks how it went.</p></article>`;
    return layout(confirm ? 'Order confirmed' : 'Your orders', `${body}\n${tag}`);
  }
  if (path === '/help') {
    return layout('Help', `<h1>Help centre</h1>
<p>This page carries only <code>data-endpoint</code>. A delivery recorded on another page shows its survey here once its 3–7 day window is open.</p>
${scriptTag({ endpoint, ...common })}`);
  }
  if (path === '/app' || path.startsWith('/app/')) {
    // A single-page app: /spa.js swaps the content and calls history.pushState, no reloads.
    return layout('Account', `<h1 id="app-title">Your account</h1>
<nav aria-label="App"><a href="/app" data-route>Overview</a> <a href="/app/orders" data-route>Orders</a> <a href="/app/settings" data-route>Settings</a>
<button type="button" id="ask">Give feedback</button></nav>
<p id="app-body">Overview of your account. Links here change the route without a reload; a survey waiting for its delay is cancelled and looked for again on the new route.</p>
${scriptTag({ endpoint, ...common })}
<script src="/spa.js" type="module"></script>`);
  }
  if (path === '/feedback') {
    const daysAgo = Number(q.get('daysAgo') ?? 5);
    const deliveredAt = q.get('deliveredAt') ?? new Date(Date.now() - daysAgo * DAY).toISOString();
    const order = q.get('order') ?? 'order-2077';
    return layout('Your feedback', `<h1>How did the installation go?</h1>
<p>Order <strong>${esc(order)}</strong> was installed ${daysAgo} days ago. The survey below sits in the page, in the shop's colours.</p>
<div id="feedback" class="feedback-slot"></div>
${scriptTag({ endpoint, 'delivery-id': order, 'delivered-at': deliveredAt, survey: 'csat nps', position: 'inline', container: '#feedback', 'csat-style': 'stars', 'brand-color': '#0f766e', radius: '4', subject: 'your dishwasher installation', ...common })}`);
  }
  if (path === '/headless') {
    const daysAgo = Number(q.get('daysAgo') ?? 4);
    const deliveredAt = q.get('deliveredAt') ?? new Date(Date.now() - daysAgo * DAY).toISOString();
    const order = q.get('order') ?? 'order-3001';
    return layout('Headless', `<h1>Your own survey UI</h1>
<p>This page draws its survey with plain DOM code on the Aftercare SDK (examples/headless/main.ts): no widget, no Preact.</p>
<div id="headless-survey"></div>
<script type="module" src="/headless.js" data-headless data-endpoint="${esc(endpoint)}" data-delivery-id="${esc(order)}" data-delivered-at="${esc(deliveredAt)}" data-delay="${esc(q.get('delay') ?? defaults.delay ?? '1000')}"></script>`);
  }
  return null;
}
