import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { JsonValue } from '../../lib/json';
import type { SdkSource } from '../../lib/detect/observation';
import { BridgePage, buildBridgeScript, launchChromium, startSdkServer, type SdkServer } from './support/bridge-page';
import { eventually } from '../../demo/browser/flagtab';

/**
 * The page bridge (lib/detect/bridge) against the real PostHog, Flagsmith, Statsig and
 * ConfigCat browser SDKs, each loaded from its own browser bundle by a demo page (demo/sdk)
 * and fetching its flags from a local stand-in for its vendor's API (demo/sdk/vendor-apis.ts).
 * The test plays Flagtab's content script: it reads the bridge's messages and posts the tab's
 * overrides.
 */
let server: SdkServer;
let browser: Browser;
let context: BrowserContext;
let bridge: string;

beforeAll(async () => {
  [server, browser, bridge] = await Promise.all([startSdkServer(), launchChromium(), buildBridgeScript()]);
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface SdkCase {
  sdk: SdkSource;
  /** What the page shows with the SDK's own values. */
  own: Record<string, JsonValue>;
  /** What each key's evaluation reports (the value the SDK returned, which the page may show a part of). */
  reported: Record<string, JsonValue>;
  /** The detail of each key's evaluation. */
  details: Record<string, string>;
  /** The overrides to force, and what the page then shows. */
  forced: Record<string, JsonValue>;
  shownForced: Record<string, JsonValue>;
  /** The SDK's API requests, besides the page and its two scripts. */
  api: string[];
}

const CASES: SdkCase[] = [
  {
    sdk: 'posthog',
    own: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    reported: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    details: { 'new-checkout': 'isFeatureEnabled', 'hero-banner': 'getFeatureFlag', 'max-items': 'getFeatureFlagPayload' },
    forced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    shownForced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    api: ['/sdk/api/posthog/array/phc_demo_shop/config', '/sdk/api/posthog/flags/'],
  },
  {
    sdk: 'flagsmith',
    own: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    reported: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    details: { 'new-checkout': 'hasFeature', 'hero-banner': 'getValue', 'max-items': 'getValue' },
    forced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    shownForced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    api: ['/sdk/api/flagsmith/api/v1/flags/'],
  },
  {
    sdk: 'statsig',
    // The page shows one parameter of the experiment and of the dynamic config; the SDK returned them whole.
    own: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    reported: { 'new-checkout': false, 'hero-banner': { variant: 'b' }, 'max-items': { count: 5 } },
    details: { 'new-checkout': 'gate · Network:Recognized', 'hero-banner': 'experiment · Network:Recognized · group Test B', 'max-items': 'dynamic config · Network:Recognized' },
    forced: { 'new-checkout': true, 'hero-banner': { variant: 'c' }, 'max-items': { count: 10 } },
    shownForced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    api: ['/sdk/api/statsig/v1/initialize'],
  },
  {
    sdk: 'configcat',
    own: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    reported: { 'new-checkout': false, 'hero-banner': 'b', 'max-items': 5 },
    details: { 'new-checkout': 'getValueAsync', 'hero-banner': 'snapshot.getValue', 'max-items': 'getValueAsync' },
    forced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    shownForced: { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 },
    api: ['/sdk/api/configcat/configuration-files/configcat-sdk-1/demo-shop-flagtab-0001/demo-shop-production-1/config_v6.json'],
  },
];

async function openSdkPage(sdk: SdkSource): Promise<BridgePage> {
  const tab = await BridgePage.open(context, bridge);
  await tab.goto(`${server.siteOrigin}/sdk/${sdk}`);
  return tab;
}

async function shownAll(tab: BridgePage, keys: string[]): Promise<Record<string, JsonValue>> {
  return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await tab.shown(key)])));
}

describe.each(CASES)('the bridge and the $sdk SDK', (c) => {
  const keys = Object.keys(c.own);

  it('reports each evaluation the page made, with the value the SDK returned and its source', async () => {
    const tab = await openSdkPage(c.sdk);
    await eventually(async () => tab.evaluations(c.sdk), (evaluations) => expect(Object.keys(evaluations).sort()).toEqual([...keys].sort()));
    expect(tab.found()).toEqual([c.sdk]);
    expect(await shownAll(tab, keys)).toEqual(c.own);
    for (const key of keys) {
      expect(tab.evaluations(c.sdk)[key], key).toMatchObject({ source: c.sdk, value: c.reported[key], detail: c.details[key] });
      expect(tab.evaluations(c.sdk)[key]!.forced, key).toBeUndefined();
    }
    // Everything comes from the shop: the page, the SDK's bundle, the app and the stand-in API.
    const paths = new Set(tab.requests.map((url) => new URL(url).origin === server.siteOrigin && new URL(url).pathname));
    expect([...paths].sort()).toEqual([`/sdk/${c.sdk}`, `/sdk/vendor/${c.sdk}.js`, `/sdk/${c.sdk}.js`, ...c.api].sort());
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });

  it('with force, the page shows the overrides through the SDK’s change event; in this tab only; unforced, the SDK’s own values come back', async () => {
    const tab = await openSdkPage(c.sdk);
    const renders = await tab.renders();

    await tab.pushOverrides(c.forced, true);
    await eventually(() => shownAll(tab, keys), (shown) => expect(shown).toEqual(c.shownForced));
    expect(await tab.renders()).toBeGreaterThan(renders);
    await eventually(async () => tab.evaluations(c.sdk), (evaluations) => {
      for (const [key, value] of Object.entries(c.forced)) expect(evaluations[key], key).toMatchObject({ value, forced: true });
    });

    // Another tab of the same site, without overrides: the SDK's own values.
    const other = await openSdkPage(c.sdk);
    expect(await shownAll(other, keys)).toEqual(c.own);

    // Overrides kept but no longer forced: the SDK's values again, reported as its own.
    await tab.pushOverrides(c.forced, false);
    await eventually(() => shownAll(tab, keys), (shown) => expect(shown).toEqual(c.own));
    await eventually(async () => tab.evaluations(c.sdk), (evaluations) => {
      for (const key of keys) expect(evaluations[key], key).toMatchObject({ value: c.reported[key], detail: c.details[key] });
      for (const key of keys) expect(evaluations[key]?.forced, key).toBeUndefined();
    });
    expect([...tab.errors, ...other.errors]).toEqual([]);
    await Promise.all([tab.page.close(), other.page.close()]);
  });
});

/**
 * Runs before the page's own scripts, after the bridge: stores junk where the bridge looks for
 * these SDKs, checks the page still reads exactly what it stored, and clears the way for the
 * real SDK. A broken expectation throws, which the test sees as a page error.
 */
const JUNK_PAGE = `(() => {
  const names = ['posthog', 'flagsmith', '__STATSIG__', 'configcatClient'];
  const boom = () => { throw new Error('hostile'); };
  const hostile = new Proxy(function () {}, { get: boom, has: boom, set: boom, getOwnPropertyDescriptor: boom, defineProperty: boom, getPrototypeOf: boom, apply: boom });
  const throwing = Object.defineProperties({}, { getFeatureFlag: { get: boom }, hasFeature: { get: boom }, instance: { get: boom }, getValueAsync: { get: boom } });
  const lookalike = Object.freeze({ getFeatureFlag: boom, isFeatureEnabled: boom, onFeatureFlags: boom, hasFeature: boom, getValue: boom, init: boom,
    instance: boom, firstInstance: Object.freeze({ checkGate: boom }), getValueAsync: boom, snapshot: boom, listeners: boom });
  for (const name of names) {
    for (const junk of [42, null, 'text', hostile, throwing, lookalike, {}]) {
      window[name] = junk;
      if (window[name] !== junk) throw new Error('the page lost what it stored in ' + name);
    }
    window[name] = undefined;
  }
})();`;

describe('a page that puts junk where the bridge looks', () => {
  it.each(CASES.map((c) => c.sdk))('keeps working with %s, and the bridge still finds the real SDK and forces it', async (sdk) => {
    const tab = await BridgePage.open(context, bridge, JUNK_PAGE);
    await tab.goto(`${server.siteOrigin}/sdk/${sdk}`);
    await eventually(async () => tab.evaluations(sdk), (evaluations) => expect(Object.keys(evaluations)).toContain('new-checkout'));
    expect(tab.found()).toContain(sdk);
    expect(await tab.shown('new-checkout')).toBe(false);

    await tab.pushOverrides({ 'new-checkout': true }, true);
    await eventually(() => tab.shown('new-checkout'), (shown) => expect(shown).toBe(true));
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });
});
