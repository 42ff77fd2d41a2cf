import type { JsonValue } from '../lib/json';
import { html, page, type SafeHtml } from './html';
import { DEFAULT_ACCENT, formatPrice, PRODUCTS, shopView, type ShopView } from './view';

/** What the server knows about one request's flags; every page shows it. */
export interface RequestFlags {
  /** Defaults from flags.json overlaid with the overrides. */
  effective: Record<string, JsonValue>;
  /** Decoded overrides only (header over cookie). */
  overrides: Record<string, JsonValue>;
  errors: string[];
}

/** The home page: banner, products, checkout, and every kind of sub-request the e2e tests watch. */
export function homePage(flags: RequestFlags, cdnOrigin: string): string {
  const view = shopView(flags.effective);
  const products = PRODUCTS.slice(0, view.maxItems);
  return page({
    title: 'Demo Shop',
    accent: view.accent,
    bodyAttrs: html` data-cdn-origin="${cdnOrigin}"`,
    body: html`<header><h1>Demo Shop</h1></header>
<main>
<div id="hero" data-variant="${view.heroLabel}" style="background: ${view.heroColour}">Banner ${view.heroLabel}</div>
<section id="catalogue">
  <h2>Products <small>(showing <span id="max-items">${view.maxItems}</span>)</small></h2>
  <ul class="products">${products.map((p) => html`<li>${p.name}<br><strong>${formatPrice(p.cents, view.priceFormat)}</strong></li>`)}</ul>
  <p>Price format: <span id="price-format">${view.priceFormat}</span> · Theme accent: <span id="theme-accent">${view.accentName}</span></p>
  <p id="free-shipping">${view.freeShipping ? 'Free shipping on every order' : `Shipping: ${formatPrice(495, view.priceFormat)}`}</p>
</section>
${checkoutSection(view)}
<section>
  <h2>Checkout in another tab</h2>
  <a id="open-checkout" href="/checkout" target="_blank" rel="opener">Open checkout in a new tab</a>
</section>
${serverFlagsSection(flags, 'document request for /')}
<section>
  <h2>What the API saw</h2>
  <div id="api-result">Waiting for fetch('/api/features')…</div>
  <div id="xhr-result">Waiting for XMLHttpRequest to /api/xhr…</div>
</section>
<section>
  <h2>Same-site iframe</h2>
  <iframe id="frame" src="/frame" title="Flags seen by the iframe request"></iframe>
</section>
<section>
  <h2>Third-party resources</h2>
  <p id="tracker-status">Tracker not loaded</p>
  <img src="${cdnOrigin}/pixel.gif" alt="" width="1" height="1">
</section>
</main>
<script src="${cdnOrigin}/tracker.js"></script>
<script src="/app.js" defer></script>`,
  });
}

/** The checkout, opened in a new tab from the home page. */
export function checkoutPage(flags: RequestFlags): string {
  const view = shopView(flags.effective);
  return page({
    title: 'Checkout — Demo Shop',
    accent: view.accent,
    body: html`<header><h1>Demo Shop — Checkout</h1></header>
<main>
${checkoutSection(view)}
${serverFlagsSection(flags, 'document request for /checkout')}
<p><a href="/">Back to the shop</a></p>
</main>`,
  });
}

/** The iframe's document: only the flags its own request carried. */
export function framePage(flags: RequestFlags): string {
  const view = shopView(flags.effective);
  return page({
    title: 'Frame — Demo Shop',
    accent: view.accent,
    body: html`<main id="frame-flags">
<p>${overrideStatus(flags)} · ${view.newCheckout ? 'New checkout' : 'Classic checkout'}</p>
${flagList(flags)}
</main>`,
  });
}

/** What a person (or test) sees on opening the third-party host itself in a tab. */
export function cdnPage(path: string): string {
  return page({
    title: 'cdn.localhost',
    accent: '#4b5563',
    body: html`<header><h1>cdn.localhost</h1></header><main><p id="cdn-page">A third-party host of the demo shop (<code>${path}</code>). Flagtab must never send overrides here.</p></main>`,
  });
}

export function notFoundPage(path: string): string {
  return page({
    title: 'Not found — Demo Shop',
    accent: DEFAULT_ACCENT,
    body: html`<header><h1>Demo Shop</h1></header><main><p>Nothing at <code>${path}</code>. <a href="/">Go to the shop</a>.</p></main>`,
  });
}

function checkoutSection(view: ShopView): SafeHtml {
  const checkout = view.newCheckout
    ? html`<section id="new-checkout"><h2>New checkout</h2><p>One page, one click.</p></section>`
    : html`<section id="old-checkout"><h2>Classic checkout</h2><p>Cart → address → payment.</p></section>`;
  return view.expressPay
    ? html`${checkout}<section id="express-pay"><h2>Express Checkout</h2><p>Pay in one tap with a saved card.</p></section>`
    : checkout;
}

function serverFlagsSection(flags: RequestFlags, what: string): SafeHtml {
  return html`<section id="server-flags">
  <h2>Flags the server saw (${what})</h2>
  <p id="override-status">${overrideStatus(flags)}</p>
  ${flagList(flags)}
</section>`;
}

function overrideStatus(flags: RequestFlags): string {
  const count = Object.keys(flags.overrides).length;
  return count === 0 ? 'No overrides received' : `Overrides received: ${count}`;
}

function flagList(flags: RequestFlags): SafeHtml {
  const items = Object.entries(flags.effective).map(([key, value]) => {
    const overridden = Object.hasOwn(flags.overrides, key);
    return html`<li data-flag="${key}"${overridden ? html` class="override"` : ''}>${key} = ${JSON.stringify(value)}${overridden ? ' (override)' : ''}</li>`;
  });
  const errors = flags.errors.map((e) => html`<li>${e}</li>`);
  return html`<ul class="flags">${items}</ul>${
    errors.length > 0 ? html`<ul class="errors" id="decode-errors">${errors}</ul>` : ''
  }`;
}
