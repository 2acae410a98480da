// The demo single-page app: route changes with history.pushState, no reloads; "Give feedback" calls
// window.Aftercare.show(). Text only (textContent).
const pages = {
  '/app': ['Your account', 'Overview of your account.'],
  '/app/orders': ['Your orders', 'Every order you placed, newest first.'],
  '/app/settings': ['Settings', 'Your addresses and notification settings.'],
};
const show = (path) => {
  const [title, body] = pages[path] ?? pages['/app'];
  document.getElementById('app-title').textContent = title;
  document.getElementById('app-body').textContent = body;
};
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-route]') : null;
  if (!a) return;
  e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  show(location.pathname);
});
window.addEventListener('popstate', () => show(location.pathname));
document.getElementById('ask').addEventListener('click', async () => {
  const shown = await window.Aftercare?.show();
  if (!shown) document.getElementById('app-body').textContent = 'No survey is due right now. Thank you!';
});
