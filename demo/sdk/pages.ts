import { html, page, type SafeHtml } from '../html';
import type { DemoSdk } from './bundles';

interface SdkPage {
  title: string;
  intro: string;
  /** Flag keys the app renders, each into `#sdk-<key>`. */
  flags: readonly { key: string; note?: string }[];
  accent: string;
}

export const SDK_PAGES: Record<DemoSdk, SdkPage> = {
  openfeature: {
    title: 'OpenFeature web SDK',
    intro: 'Flags from @openfeature/web-sdk with its InMemoryProvider; the page re-renders on PROVIDER_CONFIGURATION_CHANGED.',
    flags: [{ key: 'new-checkout' }, { key: 'hero-banner' }, { key: 'max-items' }, { key: 'price-format', note: 'not in the provider: the default' }],
    accent: '#6d28d9',
  },
  growthbook: {
    title: 'GrowthBook JS SDK',
    intro: 'Flags from @growthbook/growthbook with inline features and enableDevMode (window._growthbook); the page re-renders through setRenderer.',
    flags: [{ key: 'new-checkout' }, { key: 'hero-banner', note: 'an experiment' }, { key: 'max-items' }],
    accent: '#0f766e',
  },
  launchdarkly: {
    title: 'LaunchDarkly JS client',
    intro: 'Flags from launchdarkly-js-client-sdk, bootstrapped into the page (no request to LaunchDarkly), exposed as window.ldClient; the page re-renders on "change".',
    flags: [{ key: 'new-checkout' }, { key: 'hero-banner', note: 'read with variationDetail' }, { key: 'max-items' }],
    accent: '#1e40af',
  },
  unleash: {
    title: 'Unleash proxy client',
    intro: "Flags from unleash-proxy-client against Unleash's frontend API, exposed as window.unleash; the page re-renders on \"update\".",
    flags: [{ key: 'new-checkout' }, { key: 'hero-banner', note: 'a variant: its payload' }, { key: 'dark-mode' }],
    accent: '#b91c1c',
  },
  posthog: {
    title: 'PostHog JS',
    intro: "Flags from posthog-js (its CDN bundle) against a local stand-in for PostHog's /flags API, as window.posthog; the page re-renders in onFeatureFlags.",
    flags: [{ key: 'new-checkout', note: 'isFeatureEnabled' }, { key: 'hero-banner', note: 'a variant' }, { key: 'max-items', note: 'the payload' }],
    accent: '#c2410c',
  },
  flagsmith: {
    title: 'Flagsmith JS client',
    intro: "Flags from flagsmith against a local stand-in for Flagsmith's /api/v1/flags/, as window.flagsmith (the bundle's own global); the page re-renders in onChange.",
    flags: [{ key: 'new-checkout', note: 'hasFeature' }, { key: 'hero-banner', note: 'getValue' }, { key: 'max-items', note: 'getValue' }],
    accent: '#4338ca',
  },
  statsig: {
    title: 'Statsig JS client',
    intro: "Flags from @statsig/js-client against a local stand-in for Statsig's /v1/initialize, found through window.__STATSIG__; the page re-renders on values_updated.",
    flags: [{ key: 'new-checkout', note: 'a gate' }, { key: 'hero-banner', note: 'an experiment: its "variant"' }, { key: 'max-items', note: 'a dynamic config: its "count"' }],
    accent: '#0369a1',
  },
  configcat: {
    title: 'ConfigCat JS SDK',
    intro: "Flags from configcat-js against a local stand-in for ConfigCat's config_v6.json, exposed as window.configcatClient; the page re-renders on configChanged.",
    flags: [{ key: 'new-checkout', note: 'getValueAsync' }, { key: 'hero-banner', note: 'a snapshot' }, { key: 'max-items', note: 'getValueAsync' }],
    accent: '#047857',
  },
};

/** What the apps read from `<main data-…>` (dataset names: siteOrigin, unleashUrl, unleashKey). */
export type PageData = Partial<Record<'site-origin' | 'unleash-url' | 'unleash-key', string>>;

/** The page for one SDK demo: its flags as the SDK returned them, and the two scripts. */
export function sdkPage(sdk: DemoSdk, data: PageData, notice?: SafeHtml): string {
  const info = SDK_PAGES[sdk];
  const attrs = Object.entries(data).map(([name, value]) => html` data-${name}="${value}"`);
  return page({
    title: `${info.title} — Demo Shop`,
    accent: info.accent,
    body: html`<header><h1>Demo Shop — ${info.title}</h1></header>
<main${attrs}>
<section id="sdk-flags" data-sdk="${sdk}">
  <h2>What the SDK returned</h2>
  <p>${info.intro}</p>
  <ul class="flags">${info.flags.map((f) => html`<li>${f.key}${f.note ? ` (${f.note})` : ''}: <span id="sdk-${f.key}">…</span></li>`)}</ul>
  <p>Status: <span id="sdk-status">loading</span> · renders: <span id="sdk-renders">0</span></p>
</section>
${notice ?? ''}
<p><a href="/">Back to the shop</a></p>
</main>
${notice ? '' : html`<script src="/sdk/vendor/${sdk}.js"></script>
<script src="/sdk/${sdk}.js"></script>`}`,
  });
}

/** What /sdk/unleash shows without its query: how to point it at an Unleash. */
export function unleashHelp(problem: string): SafeHtml {
  return html`<section id="sdk-help" class="errors">
  <h2>Which Unleash?</h2>
  <p>${problem}</p>
  <p>Open <code>/sdk/unleash?url=&lt;Unleash base URL&gt;&amp;key=&lt;frontend API token&gt;</code>, e.g.
  <code>/sdk/unleash?url=http://localhost:4242&amp;key=*:development.abc…</code>. The page calls <code>&lt;url&gt;/api/frontend</code>.</p>
</section>`;
}
