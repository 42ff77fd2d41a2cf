import type { JsonValue } from '../../lib/json';
import { encodeOverrides } from '../../lib/wire';
import { html, page, SafeHtml } from '../html';
import type { RequestFlags } from '../pages';
import { formatPrice, PRODUCTS, shopView } from '../view';

/**
 * Shop pages that say which flags they used, in all three marker kinds Flagtab reads
 * (docs/detection.md): a `<meta name="feature-flags">` in the wire format, a
 * `<script type="application/json" data-flag-values>` (Vercel's Flags SDK convention) and
 * `data-feature-flag` elements. The meta sits at the top of <body> because the shared page()
 * shell owns <head>; browsers keep it there and Flagtab reads metas anywhere.
 */

/** Flags the meta carries; every other flag goes in the data-flag-values script. */
const META_KEYS = ['new-checkout', 'hero-banner', 'price-format'];

/**
 * The shop, marked up with the flag values it rendered. `values` is what the page used: the
 * effective flags for an app that honours overrides, the defaults for one that ignores them.
 */
export function markersPage(options: { values: Record<string, JsonValue>; flags: RequestFlags; honours: boolean }): string {
  const { values, flags, honours } = options;
  const view = shopView(values);
  const metaValues: Record<string, JsonValue> = {};
  const scriptValues: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(values)) (META_KEYS.includes(key) ? metaValues : scriptValues)[key] = value;
  const title = honours ? 'Demo Shop — markers' : 'Demo Shop — markers, overrides ignored';
  return page({
    title,
    accent: view.accent,
    body: html`<meta name="feature-flags" content="${encodeOverrides(metaValues)}">
${flagValuesScript(scriptValues)}
<header><h1>${title}</h1></header>
<main>
<div id="hero" data-feature-flag="hero-banner" data-feature-flag-value="${JSON.stringify(values['hero-banner'] ?? null)}" style="background: ${view.heroColour}">Banner ${view.heroLabel}</div>
<section id="catalogue">
  <h2>Products</h2>
  <ul class="products" data-feature-flag="max-items" data-feature-flag-value="${JSON.stringify(values['max-items'] ?? null)}">${PRODUCTS.slice(0, view.maxItems).map(
    (p) => html`<li>${p.name}<br><strong>${formatPrice(p.cents, view.priceFormat)}</strong></li>`,
  )}</ul>
  <p id="free-shipping" data-feature-flag="free-shipping" data-feature-flag-value="${JSON.stringify(values['free-shipping'] ?? null)}">${
    view.freeShipping ? 'Free shipping on every order' : `Shipping: ${formatPrice(495, view.priceFormat)}`
  }</p>
</section>
${view.newCheckout
  ? html`<section id="new-checkout" data-feature-flag="new-checkout"><h2>New checkout</h2><p>One page, one click.</p></section>`
  : html`<section id="old-checkout" data-feature-flag="new-checkout"><h2>Classic checkout</h2><p>Cart → address → payment.</p></section>`}
${usedSection(values, flags, honours)}
</main>`,
  });
}

/**
 * A single-page app: buttons add and remove flagged elements and change a marker's value after
 * load, so a test can see Flagtab re-read the markers. Its script builds nodes with
 * createElement/setAttribute only.
 */
export function spaPage(flags: RequestFlags): string {
  const view = shopView(flags.effective);
  return page({
    title: 'Demo Shop — single-page app',
    accent: view.accent,
    body: html`<meta name="feature-flags" content="${encodeOverrides({ 'new-checkout': flags.effective['new-checkout'] ?? false })}">
<header><h1>Demo Shop — single-page app</h1></header>
<main>
<div id="hero" data-feature-flag="hero-banner" data-feature-flag-value="${JSON.stringify(flags.effective['hero-banner'] ?? null)}" style="background: ${view.heroColour}">Banner ${view.heroLabel}</div>
<section>
  <h2>Change the page</h2>
  <button id="add-promo" type="button">Show the spring promo</button>
  <button id="remove-promo" type="button">Hide the spring promo</button>
  <button id="switch-hero" type="button">Switch the banner to C</button>
  <button id="mark-meta" type="button">Announce spa-ready in the meta</button>
  <div id="spa-area"></div>
</section>
</main>
<script>${new SafeHtml(SPA_JS)}</script>`,
  });
}

const SPA_JS = `'use strict';
(function () {
  var area = document.getElementById('spa-area');
  document.getElementById('add-promo').addEventListener('click', function () {
    if (document.getElementById('promo')) return;
    var promo = document.createElement('div');
    promo.id = 'promo';
    promo.setAttribute('data-feature-flag', 'spring-promo');
    promo.setAttribute('data-feature-flag-value', '"spring"');
    promo.textContent = 'Spring promo: 10% off';
    area.append(promo);
  });
  document.getElementById('remove-promo').addEventListener('click', function () {
    var promo = document.getElementById('promo');
    if (promo) promo.remove();
  });
  document.getElementById('switch-hero').addEventListener('click', function () {
    var hero = document.getElementById('hero');
    hero.setAttribute('data-feature-flag-value', '"c"');
    hero.textContent = 'Banner C';
  });
  document.getElementById('mark-meta').addEventListener('click', function () {
    var meta = document.querySelector('meta[name="feature-flags"]');
    meta.setAttribute('content', meta.getAttribute('content') + '&spa-ready=true');
  });
})();
`;

/**
 * `<script type="application/json" data-flag-values>` with `values`. Script text is not
 * HTML-decoded, so instead of entities `<`, `>` and `&` become JSON escapes: a value holding
 * "</script>" (values come from request headers) cannot end the element.
 */
export function flagValuesScript(values: unknown): SafeHtml {
  return new SafeHtml(`<script type="application/json" data-flag-values>${scriptJson(values)}</script>`);
}

/** JSON safe inside any <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function usedSection(values: Record<string, JsonValue>, flags: RequestFlags, honours: boolean): SafeHtml {
  const overrides = Object.entries(flags.overrides);
  return html`<section id="used-flags">
  <h2>${honours ? 'Flags this page used (overrides honoured)' : 'Flags this page used (it ignores overrides)'}</h2>
  <ul class="flags">${Object.entries(values).map(([key, value]) => html`<li data-flag="${key}">${key} = ${JSON.stringify(value)}</li>`)}</ul>
  <p id="override-status">${overrides.length === 0 ? 'No overrides received' : `Overrides received: ${overrides.length}${honours ? '' : ' (ignored)'}`}</p>
</section>`;
}
