import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { JsonValue } from '../../lib/json';
import type { SdkSource } from '../../lib/detect/observation';
import { BridgePage, buildBridgeScript, launchChromium, startSdkServer, type SdkServer } from './support/bridge-page';
import { eventually } from '../../demo/browser/flagtab';

/**
 * The page bridge (lib/detect/bridge) against the real OpenFeature web SDK, GrowthBook JS SDK
 * and LaunchDarkly JS client, each loaded from its own browser bundle by a demo page
 * (demo/sdk). The test plays Flagtab's content script: it reads the bridge's messages and
 * posts the tab's overrides. Unleash, which needs a real server, is in bridge-unleash.test.ts.
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
  /** What each key's evaluation should say, beyond the value the page shows. */
  details: Record<string, string | RegExp>;
  /** A forced value reads like this in the detail. */
  forcedDetail: string;
}

const CASES: SdkCase[] = [
  {
    sdk: 'openfeature',
    details: {
      'new-checkout': 'in-memory · STATIC · variant off',
      'hero-banner': 'in-memory · STATIC · variant a',
      'max-items': 'in-memory · STATIC · variant three',
      'price-format': /^in-memory · FLAG_NOT_FOUND: the app got its default$/,
    },
    forcedDetail: 'in-memory · forced by Flagtab',
  },
  {
    sdk: 'growthbook',
    details: { 'new-checkout': 'defaultValue', 'hero-banner': /^experiment · experiment hero-test · variation [012]$/, 'max-items': 'defaultValue' },
    forcedDetail: 'forced by Flagtab',
  },
  {
    sdk: 'launchdarkly',
    details: { 'new-checkout': '', 'hero-banner': 'RULE_MATCH · variation 1', 'max-items': '' },
    forcedDetail: 'forced by Flagtab',
  },
];

const FORCED = { 'new-checkout': true, 'hero-banner': 'c', 'max-items': 10 } as const;

async function openSdkPage(sdk: SdkSource, pageStart?: string): Promise<BridgePage> {
  const tab = await BridgePage.open(context, bridge, pageStart);
  await tab.goto(`${server.siteOrigin}/sdk/${sdk}`);
  return tab;
}

/** Waits until the bridge has handled every overrides message so far: it answers each with its `found` list. */
async function pushAndWait(tab: BridgePage, overrides: Record<string, JsonValue>, force: boolean): Promise<void> {
  const before = tab.found().length;
  await tab.pushOverrides(overrides, force);
  await eventually(async () => tab.found().length, (n) => expect(n).toBeGreaterThan(before));
}

describe.each(CASES)('the bridge and the $sdk SDK', ({ sdk, details, forcedDetail }) => {
  it('reports each evaluation the page made, with the value the page got and the SDK’s reason', async () => {
    const tab = await openSdkPage(sdk);
    const keys = Object.keys(details);
    await eventually(async () => tab.evaluations(sdk), (evaluations) => expect(Object.keys(evaluations).sort()).toEqual([...keys].sort()));
    expect(tab.found()).toEqual([sdk]);
    // The SDKs come from the shop and ask nobody else anything (LaunchDarkly runs on bootstrap data).
    expect(tab.requests.map((url) => url.replace(server.siteOrigin, ''))).toEqual([`/sdk/${sdk}`, `/sdk/vendor/${sdk}.js`, `/sdk/${sdk}.js`]);
    for (const key of keys) {
      const evaluation = tab.evaluations(sdk)[key]!;
      expect(evaluation.value, key).toEqual(await tab.shown(key));
      const detail = details[key]!;
      if (detail === '') expect(evaluation.detail, key).toBeUndefined();
      else if (typeof detail === 'string') expect(evaluation.detail, key).toBe(detail);
      else expect(evaluation.detail, key).toMatch(detail);
      expect(evaluation.forced, key).toBeUndefined();
    }
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });

  it('with force, makes the SDK return the overrides in this tab only, and the app re-renders on the SDK’s change event', async () => {
    const tab = await openSdkPage(sdk);
    const own = Object.fromEntries(await Promise.all(Object.keys(FORCED).map(async (key) => [key, await tab.shown(key)])));
    const renders = await tab.renders();

    await tab.pushOverrides(FORCED, true);
    for (const [key, value] of Object.entries(FORCED)) await eventually(() => tab.shown(key), (shown) => expect(shown, key).toEqual(value));
    expect(await tab.renders()).toBeGreaterThan(renders);
    await eventually(async () => tab.evaluations(sdk), (evaluations) => {
      for (const [key, value] of Object.entries(FORCED)) expect(evaluations[key], key).toMatchObject({ value, forced: true, detail: forcedDetail });
    });

    // Another tab of the same site, without overrides: the SDK's own values.
    const other = await openSdkPage(sdk);
    for (const key of Object.keys(FORCED)) expect(await other.shown(key), key).toEqual(own[key]);

    // An override of the wrong type is not applied, and the report says why; removed ones go back.
    await tab.pushOverrides({ 'max-items': 'ten' }, true);
    for (const key of Object.keys(FORCED)) await eventually(() => tab.shown(key), (shown) => expect(shown, key).toEqual(own[key]));
    await eventually(async () => tab.evaluations(sdk)['max-items'], (evaluation) => {
      expect(evaluation).toMatchObject({ value: own['max-items'] });
      expect(evaluation?.forced).toBeUndefined();
      expect(evaluation?.detail).toContain('override is a string; the SDK asked for a number');
    });
    expect([...tab.errors, ...other.errors]).toEqual([]);
    await Promise.all([tab.page.close(), other.page.close()]);
  });

  it('without force, leaves the SDK’s values alone', async () => {
    const tab = await openSdkPage(sdk);
    const own = Object.fromEntries(await Promise.all(Object.keys(FORCED).map(async (key) => [key, await tab.shown(key)])));
    const renders = await tab.renders();
    await pushAndWait(tab, FORCED, false);
    // Ask the SDK itself as well as reading the page: nothing changed, nothing re-rendered.
    for (const key of Object.keys(FORCED)) {
      expect(await tab.shown(key), key).toEqual(own[key]);
      expect(await askSdk(tab, sdk, key), key).toEqual(own[key]);
    }
    expect(await tab.renders()).toBe(renders);
    await eventually(async () => tab.evaluations(sdk), (evaluations) => {
      for (const key of Object.keys(FORCED)) expect(evaluations[key]?.forced, key).toBeUndefined();
    });
    await tab.page.close();
  });
});

describe('overrides the content script sends at document start', () => {
  it.each(CASES.map((c) => c.sdk))('are what the %s app shows, whether they reach the bridge before or after the SDK starts', async (sdk) => {
    // The content script posts the overrides as soon as the background answers its hello.
    const post = `window.postMessage(${JSON.stringify({ channel: 'flagtab:content', type: 'overrides', overrides: FORCED, force: true })}, '*');`;
    const tab = await openSdkPage(sdk, post);
    for (const [key, value] of Object.entries(FORCED)) await eventually(() => tab.shown(key), (shown) => expect(shown, key).toEqual(value));
    await eventually(async () => tab.evaluations(sdk), (evaluations) => expect(evaluations['new-checkout']).toMatchObject({ value: true, forced: true }));
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });
});

/** Calls the page's SDK directly, as the app would, for one of the demo's flags. */
async function askSdk(tab: BridgePage, sdk: SdkSource, key: string): Promise<JsonValue> {
  return tab.page.evaluate(
    ({ sdk, key }) => {
      const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (sdk === 'growthbook') return w._growthbook.getFeatureValue(key, null);
      if (sdk === 'launchdarkly') return w.ldClient.variation(key, null);
      const client = w.OpenFeature.OpenFeature.getClient();
      return key === 'new-checkout' ? client.getBooleanValue(key, false) : key === 'hero-banner' ? client.getStringValue(key, 'a') : client.getNumberValue(key, 3);
    },
    { sdk, key },
  );
}

/**
 * Runs before the page's own scripts, after the bridge: stores junk where the bridge looks for
 * SDKs, checks the page still sees exactly what it stored, and clears the way for the real SDK.
 * Any broken expectation throws, which the test sees as a page error.
 */
const JUNK_PAGE = `(() => {
  const names = ['_growthbook', 'unleash', 'unleashClient', 'ldClient', Symbol.for('@openfeature/web-sdk/api')];
  const boom = () => { throw new Error('hostile'); };
  const hostile = new Proxy(function () {}, { get: boom, has: boom, set: boom, getOwnPropertyDescriptor: boom, defineProperty: boom, getPrototypeOf: boom, apply: boom });
  const throwing = Object.defineProperties({}, { isEnabled: { get: boom }, evalFeature: { get: boom }, addHooks: { get: boom }, variation: { get: boom } });
  const lookalike = Object.freeze({ isEnabled: boom, getVariant: boom, evalFeature: boom, setForcedFeatures: boom, variation: boom, allFlags: boom, addHooks: boom, getClient: boom });
  for (const name of names) {
    for (const junk of [42, null, 'text', hostile, throwing, lookalike, {}]) {
      window[name] = junk;
      if (window[name] !== junk) throw new Error('the page lost what it stored in ' + String(name));
    }
    window[name] = undefined;
  }
  // The page can still redefine and delete these globals; GrowthBook's own assignment then
  // lands on a plain property the bridge finds again through the gbloaded event.
  Object.defineProperty(window, '_growthbook', { value: 7, configurable: true, writable: true });
  if (window._growthbook !== 7) throw new Error('defineProperty was not honoured');
  delete window._growthbook;
  if ('_growthbook' in window) throw new Error('delete was not honoured');
  // Forged and malformed messages to the bridge.
  for (const data of [null, 5, { channel: 'flagtab:content' }, { channel: 'flagtab:content', type: 'overrides', overrides: null, force: true },
    { channel: 'flagtab:content', type: 'overrides', overrides: [1, 2], force: 'yes' }, { channel: 'flagtab:bridge', type: 'evaluations', items: hostile }]) {
    try { window.postMessage(data, '*'); } catch (e) { /* a Proxy cannot be cloned: the page's own problem */ }
  }
})();`;

describe('a page that puts junk where the bridge looks', () => {
  it.each(CASES.map((c) => c.sdk))('keeps working with %s, and the bridge still finds the real SDK and never throws', async (sdk) => {
    const tab = await openSdkPage(sdk, JUNK_PAGE);
    await eventually(async () => tab.evaluations(sdk), (evaluations) => expect(Object.keys(evaluations)).toContain('new-checkout'));
    expect(tab.evaluations(sdk)['new-checkout']!.value).toEqual(await tab.shown('new-checkout'));
    expect(tab.found()).toContain(sdk);

    await tab.pushOverrides({ 'new-checkout': true }, true);
    await eventually(() => tab.shown('new-checkout'), (shown) => expect(shown).toBe(true));
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });
});
