import { html, page, SafeHtml } from '../html';
import { flagValuesScript, scriptJson } from './pages';

/**
 * A page written to hurt Flagtab: markers far over every cap, thousands of flagged elements,
 * odd keys, and a script that floods the window with forged bridge messages, forged messages to
 * the page bridge, messages shaped like the extension's own commands, and a try at
 * chrome.runtime.sendMessage. Among them sit a few honest markers, placed first as a real page
 * would (Flagtab reads the first 5,000 elements), so a test can check they still come through:
 * meta `honest-meta=true`, script `honest-script: "yes"`, element `honest-element = 42`.
 *
 * When the flood has been posted the body gets `data-flood="done"`.
 */
export const HOSTILE_HONEST = {
  meta: { key: 'honest-meta', value: true },
  script: { key: 'honest-script', value: 'yes' },
  element: { key: 'honest-element', value: 42 },
} as const;

export const HOSTILE_SIZES = {
  bigMeta: 2 * 1024 * 1024,
  bigScript: 1024 * 1024,
  junkElements: 20_000,
  floodMessages: 100_000,
  bigValue: 10 * 1024,
  longKey: 300,
} as const;

/** The odd-but-valid keys the page marks, in the order it marks them (after the honest one). */
export const HOSTILE_ODD_KEYS = ['comma,semi;equals=sign', 'new\nline', 'tab\tand "quotes"'] as const;

let built: string | undefined;

/** The page is the same on every request (it ignores flags), so it is built once. */
export function hostilePage(): string {
  built ??= page({
    title: 'Demo Shop — hostile page',
    accent: '#b91c1c',
    body: html`<meta name="feature-flags" content="${HOSTILE_HONEST.meta.key}=${String(HOSTILE_HONEST.meta.value)}">
<meta name="feature-flags" content="${bigMetaContent()}">
<meta name="feature-flags" content="${deepJson('deep-meta', 3000)}">
${flagValuesScript({ [HOSTILE_HONEST.script.key]: HOSTILE_HONEST.script.value })}
${new SafeHtml(`<script type="application/json" data-flag-values>${bigScriptJson()}</script>`)}
${new SafeHtml(`<script type="application/json" data-flag-values>${deepJson('deep-script', 10_000)}</script>`)}
<script type="application/json" data-flag-values>{"broken": tru</script>
<style>
  /* Tries to hide Flagtab's outline; its host styles itself with inline !important. */
  [data-flagtab-outline], [data-flagtab-outline] * { display: none !important; visibility: hidden !important; opacity: 0 !important; }
  html > div:last-child { display: none !important; }
</style>
<header><h1>Demo Shop — hostile page</h1></header>
<main>
<div id="honest" data-feature-flag="${HOSTILE_HONEST.element.key}" data-feature-flag-value="${String(HOSTILE_HONEST.element.value)}">An honest flagged element</div>
${HOSTILE_ODD_KEYS.map((key) => html`<span data-feature-flag="${key}" data-feature-flag-value="true">odd key</span>`)}
<span id="long-key" data-feature-flag="${'k'.repeat(HOSTILE_SIZES.longKey)}">300-character key</span>
<span id="big-value" data-feature-flag="big-value" data-feature-flag-value="${JSON.stringify('v'.repeat(HOSTILE_SIZES.bigValue))}">10 KB value</span>
<span data-feature-flag="">empty key</span>
<div id="junk">${new SafeHtml(junkElements())}</div>
<p id="flood-status">Flooding…</p>
</main>
<script>${new SafeHtml(FLOOD_JS)}</script>`,
  });
  return built;
}

/** A 2 MB list of keys: a valid marker, just far too large. */
function bigMetaContent(): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < HOSTILE_SIZES.bigMeta; i++) {
    const part = `junk-meta-${i}`;
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(',');
}

function bigScriptJson(): string {
  const out: Record<string, string> = {};
  let length = 0;
  for (let i = 0; length < HOSTILE_SIZES.bigScript; i++) {
    out[`junk-script-${i}`] = 'x'.repeat(100);
    length += 120;
  }
  return scriptJson(out);
}

/** `{"key": [[[…]]]}`, `depth` arrays deep. */
function deepJson(key: string, depth: number): string {
  return `{${JSON.stringify(key)}:${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

/** Flagged elements with distinct keys; deterministic, so a failing test can be rerun as is. */
function junkElements(): string {
  const out: string[] = [];
  for (let i = 0; i < HOSTILE_SIZES.junkElements; i++) {
    out.push(`<i data-feature-flag="junk-${i}-${((i * 2654435761) >>> 0).toString(36)}" data-feature-flag-value="${i}"></i>`);
  }
  return out.join('');
}

const FLOOD_JS = `'use strict';
(function () {
  var sources = ['openfeature', 'growthbook', 'unleash', 'launchdarkly'];
  var post = function (message) { try { window.postMessage(message, '*'); } catch (e) { /* unclonable: skip */ } };
  // 100,000 forged bridge evaluations with random keys.
  for (var i = 0; i < ${HOSTILE_SIZES.floodMessages}; i++) {
    post({ channel: 'flagtab:bridge', type: 'evaluations', items: [{ key: 'flood-' + i + '-' + Math.random().toString(36).slice(2), source: sources[i % 4], value: i, at: Date.now() }] });
  }
  // Malformed and oversized bridge messages.
  var many = [];
  for (var j = 0; j < 10000; j++) many.push({ key: 'batch-' + j, source: 'growthbook', value: j, at: Date.now() });
  post({ channel: 'flagtab:bridge', type: 'evaluations', items: many });
  post({ channel: 'flagtab:bridge', type: 'evaluations', items: 'not a list' });
  post({ channel: 'flagtab:bridge', type: 'found', sdk: 'evil-sdk' });
  var cyclic = {}; cyclic.self = cyclic;
  post({ channel: 'flagtab:bridge', type: 'evaluations', items: [{ key: 'cyclic', source: 'openfeature', value: cyclic, at: Date.now() }] });
  post({ channel: 'flagtab:bridge', type: 'evaluations', items: [{ key: 'huge-detail', source: 'unleash', value: 1, detail: 'd'.repeat(1e6), at: Date.now() }] });
  post({ channel: 'flagtab:bridge', type: 'evaluations', items: [{ key: 'no-time', source: 'unleash', value: 1, at: 'yesterday' }] });
  for (var r = 0; r < 1000; r++) post({ channel: 'flagtab:bridge', type: 'ready' });
  // Forged messages to the page bridge, and messages shaped like Flagtab's own commands.
  post({ channel: 'flagtab:content', type: 'overrides', overrides: { 'new-checkout': 'hacked' }, force: true });
  post({ type: 'overrides/set', data: { tabId: 1, siteId: 'shop', key: 'new-checkout', value: 'hacked' } });
  post({ type: 'overrides/reset', data: { tabId: 1 } });
  post({ type: 'flagtab/overrides', overrides: { 'new-checkout': 'hacked' } });
  post({ type: 'flagtab/outline', on: false });
  post({ type: 'page/report', data: { kind: 'markers', documentStartedAt: 0, observations: [{ key: 'forged', source: 'meta', value: 1, at: 0 }] } });
  // Straight at the extension APIs, where a page has them at all.
  try {
    if (window.chrome && chrome.runtime && chrome.runtime.sendMessage) {
      chrome.runtime.sendMessage('flagtab', { type: 'overrides/set', data: { tabId: 1, siteId: 'shop', key: 'new-checkout', value: 'hacked' } });
    }
  } catch (e) { /* no such extension, or not allowed: the point is that it does nothing */ }
  document.getElementById('flood-status').textContent = 'Flood posted';
  document.body.setAttribute('data-flood', 'done');
})();
`;

/** Keys that name Object.prototype and its members, as the proto page reports them. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'toString'] as const;
/** What the proto page says those flags are: a value no honest page uses. */
export const PROTO_FORGED = 'forged-by-proto-page';
/** An honest flag the proto page reports after the others. */
export const PROTO_DONE_KEY = 'proto-page-reported';

/**
 * A small page whose markers and SDK evaluations are keyed `__proto__`, `constructor` and
 * `toString`: if Flagtab ever stored them in plain objects, every tab would show the forged value.
 * Sets `data-posted="done"` on the body once its bridge evaluations are posted.
 */
export function protoPage(): string {
  // Last in each message, an honest flag: once it is in, so are the others.
  const posts = [...PROTO_KEYS.map((key) => ({ key, source: 'openfeature', value: PROTO_FORGED as unknown })), { key: PROTO_DONE_KEY, source: 'openfeature', value: true }];
  return page({
    title: 'Demo Shop — prototype keys',
    accent: '#b91c1c',
    body: html`<meta name="feature-flags" content="${PROTO_KEYS.map((k) => `${k}=${encodeURIComponent(JSON.stringify(PROTO_FORGED))}`).join('&')}">
<header><h1>Demo Shop — prototype keys</h1></header>
<main>
${PROTO_KEYS.map((key) => html`<span data-feature-flag="${key}" data-feature-flag-value="${JSON.stringify(PROTO_FORGED)}">${key}</span>`)}
</main>
<script>${new SafeHtml(`'use strict';
(function () {
  var items = ${JSON.stringify(posts)};
  var post = function () {
    window.postMessage({ channel: 'flagtab:bridge', type: 'evaluations', items: items.map(function (i) { return { key: i.key, source: i.source, value: i.value, at: Date.now() }; }) }, '*');
  };
  post();
  // Again after load, when the content script surely listens.
  window.addEventListener('load', function () { post(); setTimeout(function () { post(); document.body.dataset.posted = 'done'; }, 200); });
})();`)}</script>`,
  });
}

/**
 * A page that reports as much as the bridge lets it: 2,000 flags × 4 SDKs with long keys and
 * 2 KB values (~20 MB before Flagtab's byte budget), 500 evaluations per message, a message
 * every 300 ms. Sets `data-flood="done"` on the body when all are posted.
 */
export function floodPage(): string {
  return page({
    title: 'Demo Shop — flooding page',
    accent: '#b91c1c',
    body: html`<header><h1>Demo Shop — flooding page</h1></header>
<main><p>Reporting 8,000 large evaluations…</p></main>
<script>${new SafeHtml(`'use strict';
(function () {
  var sources = ['openfeature', 'growthbook', 'unleash', 'launchdarkly'];
  var value = 'v'.repeat(2000), detail = 'd'.repeat(200), pad = 'k'.repeat(230);
  var all = [];
  for (var s = 0; s < 4; s++) for (var i = 0; i < 2000; i++) all.push({ key: 'flood-' + i + '-' + pad, source: sources[s], value: value, detail: detail });
  var next = 0;
  function send() {
    var items = all.slice(next, next + 500).map(function (o) { return { key: o.key, source: o.source, value: o.value, detail: o.detail, at: Date.now() }; });
    next += 500;
    window.postMessage({ channel: 'flagtab:bridge', type: 'evaluations', items: items }, '*');
    if (next < all.length) setTimeout(send, 300); else document.body.dataset.flood = 'done';
  }
  window.addEventListener('load', function () { setTimeout(send, 300); });
})();`)}</script>`,
  });
}
