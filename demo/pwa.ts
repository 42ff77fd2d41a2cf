import { html, page } from './html';
import { HTML, JS, JSON_TYPE, type DemoRoutes } from './routes';

/** The PWA's scope: its service worker controls every page under it. */
export const PWA_SCOPE = '/pwa/';

/**
 * The service worker answers every request in its scope by fetching it itself, as an app
 * shell or offline cache does. Those fetches have no tab (webRequest's tabId -1), so no
 * tab-scoped override rule matches them: this is the page Flagtab must warn about.
 */
const SERVICE_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => event.respondWith(fetch(event.request)));`;

/** Registers the worker, then (once it controls the page) asks the API what its request carried. */
const APP = `const out = document.getElementById('pwa-api');
const state = document.getElementById('pwa-controlled');
async function ask() {
  state.textContent = 'yes';
  const answer = await fetch('${PWA_SCOPE}api');
  out.textContent = await answer.text();
}
if (navigator.serviceWorker.controller) void ask();
else navigator.serviceWorker.addEventListener('controllerchange', () => void ask(), { once: true });
navigator.serviceWorker.register('${PWA_SCOPE}sw.js', { scope: '${PWA_SCOPE}' });`;

/**
 * `/pwa/`: a page whose own service worker proxies its requests (docs/limitations.md). The
 * page shows whether the worker controls it and what the API request it proxied carried.
 */
export const PWA_ROUTES: DemoRoutes = {
  [PWA_SCOPE]: () => ({
    status: 200,
    type: HTML,
    body: page({
      title: 'Demo Shop app',
      accent: '#7c3aed',
      body: html`<header><h1>Demo Shop app</h1></header>
<main><section><h2>Service worker</h2>
<p>Controlled by its service worker: <span id="pwa-controlled">not yet</span></p>
<p>What the API request it passed on carried:</p><pre id="pwa-api">Waiting for the service worker…</pre></section></main>
<script src="${PWA_SCOPE}app.js"></script>`,
    }),
  }),
  [`${PWA_SCOPE}app.js`]: () => ({ status: 200, type: JS, body: APP }),
  [`${PWA_SCOPE}sw.js`]: () => ({ status: 200, type: JS, body: SERVICE_WORKER }),
  [`${PWA_SCOPE}api`]: ({ flags }) => ({ status: 200, type: JSON_TYPE, body: JSON.stringify({ overrides: flags.overrides }) }),
};
