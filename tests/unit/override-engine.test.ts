import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createOverrideEngine, EXPIRY_ALARM, type EngineDeps } from '../../lib/overrides/engine';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { changedGroups } from '../../lib/overrides/state';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { decodeOverrides } from '../../lib/wire';
import { createFakeDnr, type FakeDnr } from '../support/fake-dnr';

const site = (overrides: Partial<Site> = {}): Site => ({
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION, ...overrides,
});

interface World {
  dnr: FakeDnr;
  badges: Map<number, string>;
  openTabs: Set<number>;
  sites: Site[];
  clock: { now: number };
  engine: ReturnType<typeof createOverrideEngine>;
  /** A new engine over the same storage and rules: what a service-worker restart gives. */
  restart(): ReturnType<typeof createOverrideEngine>;
}

function world(): World {
  const w = { dnr: createFakeDnr(), badges: new Map<number, string>(), openTabs: new Set([1, 2, 3]), sites: [site()], clock: { now: 1_000_000 } } as World;
  const deps = (): EngineDeps => ({
    session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
    dnr: w.dnr,
    alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
    async setBadge(tabId, text) { w.badges.set(tabId, text); },
    openTabIds: async () => [...w.openTabs],
    sites: async () => w.sites,
    resourceTypes: CHROME_RESOURCE_TYPES,
    now: () => w.clock.now,
  });
  w.engine = createOverrideEngine(deps());
  w.restart = () => (w.engine = createOverrideEngine(deps()));
  return w;
}

/** What tab `tabId` would send to `url` in the X-Feature-Flags header, decoded. */
function headerOf(w: World, tabId: number, url = 'https://shop.example.com/') {
  const value = w.dnr.headersFor({ url, tabId, type: 'main_frame' })['x-feature-flags'];
  return value === undefined ? undefined : decodeOverrides(value);
}

describe('override engine', () => {
  beforeEach(() => fakeBrowser.reset());

  it('installs a set override for that tab only and shows the count on its badge', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    await w.engine.setOverride(1, 'shop', 'hero-banner', 'b');
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } });
    expect(headerOf(w, 2)).toBeUndefined();
    expect(w.badges.get(1)).toBe('2');
    expect(await w.engine.getTab(1)).toEqual({
      shop: { values: { 'new-checkout': true, 'hero-banner': 'b' }, setAt: { 'new-checkout': w.clock.now, 'hero-banner': w.clock.now }, expiresAt: w.clock.now + 60 * 60_000 },
    });
  });

  it('remembers when each value was set, so a page loaded before it is told to reload', async () => {
    const w = world();
    const first = w.clock.now;
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    w.clock.now += 5_000;
    await w.engine.setOverride(1, 'shop', 'hero-banner', 'b');
    await w.engine.setOverride(1, 'shop', 'new-checkout', true); // same value again: still set at the first time
    expect((await w.engine.getTab(1)).shop?.setAt).toEqual({ 'new-checkout': first, 'hero-banner': first + 5_000 });
    w.clock.now += 5_000;
    await w.engine.setOverride(1, 'shop', 'new-checkout', false);
    await w.engine.clearOverride(1, 'shop', 'hero-banner');
    expect((await w.engine.getTab(1)).shop?.setAt).toEqual({ 'new-checkout': first + 10_000 });
  });

  it('setValues with replace sets exactly the given values in one change; empty values remove them', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'price-format', 'long');
    await w.engine.setValues(1, 'shop', { 'new-checkout': true, 'hero-banner': 'c' }, { replace: true });
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { 'new-checkout': true, 'hero-banner': 'c' } });
    expect(w.badges.get(1)).toBe('2');
    await w.engine.setValues(1, 'shop', {}, { replace: true });
    expect(headerOf(w, 1)).toBeUndefined();
    expect(await w.engine.getTab(1)).toEqual({});
  });

  it('clears one override, then resets all, leaving no rule and an empty badge', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.setOverride(1, 'shop', 'b', 1);
    await w.engine.clearOverride(1, 'shop', 'a');
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { b: 1 } });
    await w.engine.resetTab(1);
    expect(await w.dnr.getSessionRules()).toEqual([]);
    expect(w.badges.get(1)).toBe('');
    expect(await w.engine.getTab(1)).toEqual({});
  });

  it('serialises quick successive changes so none is lost', async () => {
    const w = world();
    await Promise.all(Array.from({ length: 20 }, (_, i) => w.engine.setOverride(1, 'shop', `flag-${i}`, i)));
    const header = headerOf(w, 1);
    expect(header?.ok && Object.keys(header.values)).toHaveLength(20);
    expect(await w.dnr.getSessionRules()).toHaveLength(1);
  });

  it('forgets a closed tab: no rule is left behind', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.setOverride(2, 'shop', 'a', false);
    await w.engine.tabClosed(1);
    const rules = await w.dnr.getSessionRules();
    expect(rules.map((r) => r.condition.tabIds)).toEqual([[2]]);
  });

  it('a tab opened from an overridden tab on the same site inherits its overrides', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    await w.engine.tabCreated({ id: 9, openerTabId: 1, pendingUrl: 'https://shop.example.com/checkout' });
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { 'new-checkout': true } });
    expect(w.badges.get(9)).toBe('1');
    // Changing the child afterwards does not touch the opener.
    await w.engine.setOverride(9, 'shop', 'new-checkout', false);
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { 'new-checkout': true } });
  });

  it('a tab opened onto another site, or from a tab without overrides, inherits nothing', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.tabCreated({ id: 9, openerTabId: 1, pendingUrl: 'https://payments.example.net/' });
    await w.engine.tabCreated({ id: 10, openerTabId: 2, pendingUrl: 'https://shop.example.com/' });
    await w.engine.tabCreated({ id: 11 });
    expect(await w.dnr.getSessionRules()).toHaveLength(1);
  });

  it('a new tab whose URL is not known yet inherits at once, then keeps the overrides only if it goes to the site', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.tabCreated({ id: 9, openerTabId: 1 });
    await w.engine.tabCreated({ id: 10, openerTabId: 1 });
    // The first request can leave before Chrome tells us the URL: it already carries them.
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { a: true } });
    await w.engine.tabNavigated(9, 'https://shop.example.com/checkout');
    await w.engine.tabNavigated(10, 'chrome-extension://abc/options.html');
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { a: true } });
    expect(headerOf(w, 10)).toBeUndefined();
    expect(w.badges.get(10)).toBe('');
    // Once confirmed, leaving the site does not drop them: they wait for the tab's return.
    await w.engine.tabNavigated(9, 'https://elsewhere.example.net/');
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { a: true } });
  });

  it('a child held on about:blank keeps its inherited overrides until it is sent to its page', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    // window.open's child: reported on about:blank, then told its real URL by the page's tab.
    await w.engine.tabCreated({ id: 9, openerTabId: 1, pendingUrl: 'about:blank' });
    await w.engine.tabNavigated(9, 'about:blank');
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { a: true } });
    await w.engine.tabCreated({ id: 9, openerTabId: 1, pendingUrl: 'https://shop.example.com/checkout' });
    await w.engine.tabNavigated(9, undefined); // confirmed now: a look away does not drop them
    expect(headerOf(w, 9)).toEqual({ ok: true, values: { a: true } });
  });

  it('an unconfirmed inherited tab that goes somewhere Flagtab cannot see loses them', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.tabCreated({ id: 9, openerTabId: 1 });
    await w.engine.tabNavigated(9, undefined);
    expect(await w.dnr.getSessionRules()).toHaveLength(1);
  });

  it('expires overrides when their time is up, and schedules the alarm for it', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    const alarm = await fakeBrowser.alarms.get(EXPIRY_ALARM);
    expect(alarm?.scheduledTime).toBe(w.clock.now + 60 * 60_000);
    w.clock.now += 60 * 60_000;
    await w.engine.reconcile(); // what the alarm listener runs
    expect(await w.dnr.getSessionRules()).toEqual([]);
    expect(await w.engine.getTab(1)).toEqual({});
    expect(w.badges.get(1)).toBe('');
    expect(await fakeBrowser.alarms.get(EXPIRY_ALARM)).toBeUndefined();
  });

  it('keeps overrides a later click renewed when the alarm set for the earlier expiry fires', async () => {
    const w = world();
    const start = w.clock.now;
    await w.engine.setOverride(1, 'shop', 'a', true);
    w.clock.now += 30 * 60_000;
    await w.engine.setOverride(1, 'shop', 'a', false); // renewed: now expires at start + 90 min
    const first = await fakeBrowser.alarms.get(EXPIRY_ALARM);
    expect(first!.scheduledTime).toBeLessThanOrEqual(start + 90 * 60_000);
    w.clock.now = first!.scheduledTime;
    await w.engine.reconcile(); // what the alarm listener runs
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { a: false } });
    expect(w.badges.get(1)).toBe('1');
    expect((await fakeBrowser.alarms.get(EXPIRY_ALARM))?.scheduledTime).toBe(start + 90 * 60_000);
    w.clock.now = start + 90 * 60_000;
    await w.engine.reconcile();
    expect(headerOf(w, 1)).toBeUndefined();
    expect(w.badges.get(1)).toBe('');
    expect(await fakeBrowser.alarms.get(EXPIRY_ALARM)).toBeUndefined();
  });

  it('shows the badge again after Chrome cleared it for a new document, though its count did not change', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.setOverride(1, 'shop', 'a', false);
    expect(w.badges.get(1)).toBe('1');
    w.badges.delete(1); // Chrome clears a tab's badge on every new document
    await w.engine.tabNavigated(1, 'https://shop.example.com/next');
    expect(w.badges.get(1)).toBe('1');
    w.badges.delete(1);
    await w.engine.refreshBadge(1);
    expect(w.badges.get(1)).toBe('1');
  });

  it('shows a badge that could not be set when the next change comes', async () => {
    const w = world();
    let refuse = true;
    const engine = createOverrideEngine({
      session: fakeBrowser.storage.session as unknown as EngineDeps['session'], dnr: w.dnr,
      alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
      async setBadge(tabId, text) {
        if (refuse) throw new Error('No tab with id: 1');
        w.badges.set(tabId, text);
      },
      openTabIds: async () => [1], sites: async () => w.sites, resourceTypes: CHROME_RESOURCE_TYPES, now: () => w.clock.now,
    });
    await engine.setOverride(1, 'shop', 'a', true);
    expect(w.badges.get(1)).toBeUndefined();
    refuse = false;
    await engine.setOverride(1, 'shop', 'a', false);
    expect(w.badges.get(1)).toBe('1');
  });

  it('getTab never reports an expired override, even before the alarm fires', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    w.clock.now += 61 * 60_000;
    expect(await w.engine.getTab(1)).toEqual({});
    expect(await w.dnr.getSessionRules()).toEqual([]);
  });

  it('after a service-worker restart the state and the rules still agree', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    const rulesBefore = await w.dnr.getSessionRules();
    const engine = w.restart();
    await engine.reconcile();
    expect(await w.dnr.getSessionRules()).toEqual(rulesBefore); // untouched, not rebuilt
    expect((await engine.getTab(1)).shop?.values).toEqual({ a: true });
  });

  it('a wake that finds everything as it was writes nothing; one that finds the rules gone puts them back', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    const writes: string[] = [];
    const listener = (changes: Record<string, unknown>) => writes.push(...Object.keys(changes));
    fakeBrowser.storage.session.onChanged.addListener(listener);
    w.badges.clear();
    await w.restart().reconcile({ onStart: true });
    // A click right after the wake waits behind this reconcile: nothing stored, no badge redrawn.
    expect(writes).toEqual([]);
    expect(w.badges.size).toBe(0);
    await w.engine.setOverride(1, 'shop', 'b', true);
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { a: true, b: true } });

    w.dnr.clear();
    await w.restart().reconcile({ onStart: true });
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { a: true, b: true } });
    fakeBrowser.storage.session.onChanged.removeListener(listener);
  });

  it('after a browser restart (rules and session storage gone) nothing claims to be active', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    w.dnr.clear();
    await fakeBrowser.storage.session.clear();
    const engine = w.restart();
    await engine.reconcile();
    expect(await engine.getTab(1)).toEqual({});
    expect(await w.dnr.getSessionRules()).toEqual([]);
  });

  it('drops tabs that closed while nobody was listening, and sites that were removed', async () => {
    const w = world();
    w.sites = [site(), site({ id: 'blog', name: 'Blog', hosts: ['blog.example.com'] })];
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.setOverride(2, 'blog', 'b', true);
    await w.engine.setOverride(3, 'shop', 'c', true);
    w.openTabs.delete(3);
    w.sites = [site()];
    await w.engine.reconcile();
    const rules = await w.dnr.getSessionRules();
    expect(rules.map((r) => r.condition.tabIds)).toEqual([[1]]);
  });

  it('follows a change of the site\'s hosts', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    w.sites = [site({ hosts: ['shop.example.com', 'm.example.com'] })];
    await w.engine.reconcile();
    expect(headerOf(w, 1, 'https://m.example.com/')).toEqual({ ok: true, values: { a: true } });
  });

  it('refuses an override that cannot be sent, and keeps what was there', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await expect(w.engine.setOverride(1, 'shop', 'bad', '\uD800')).rejects.toThrow(/cannot be sent/);
    await expect(w.engine.setOverride(1, 'shop', 'big', 'x'.repeat(5000))).rejects.toThrow(/cannot be sent: .*limit is 4096/);
    await expect(w.engine.setOverride(1, 'nope', 'a', true)).rejects.toThrow(/not configured/);
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { a: true } });
    expect((await w.engine.getTab(1)).shop?.values).toEqual({ a: true });
  });

  it('keeps the stored state unchanged when the browser refuses the rules', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    w.dnr.updateSessionRules = async () => { throw new Error('quota exceeded'); };
    await expect(w.engine.setOverride(1, 'shop', 'b', true)).rejects.toThrow('quota exceeded');
    expect((await w.engine.getTab(1)).shop?.values).toEqual({ a: true });
  });

  it('after a refused change, the next one lands on what was kept, and a restarted worker finds the same', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'a', true);
    await w.engine.setOverride(2, 'shop', 'z', 1);
    const update = w.dnr.updateSessionRules;
    w.dnr.updateSessionRules = async () => { throw new Error('quota exceeded'); };
    await expect(w.engine.setOverride(1, 'shop', 'b', true)).rejects.toThrow('quota exceeded');
    w.dnr.updateSessionRules = update;
    await w.engine.setOverride(1, 'shop', 'c', 'x');
    await w.engine.setOverride(1, 'shop', 'a', false);
    expect(headerOf(w, 1)).toEqual({ ok: true, values: { a: false, c: 'x' } });
    expect(headerOf(w, 2)).toEqual({ ok: true, values: { z: 1 } });
    const rules = await w.dnr.getSessionRules();
    const engine = w.restart();
    await engine.reconcile();
    expect(await w.dnr.getSessionRules()).toEqual(rules);
    expect((await engine.getTab(1)).shop?.values).toEqual({ a: false, c: 'x' });
  });
});

describe('changedGroups: which pages must hear of new overrides', () => {
  it('names set, changed and removed groups with their new values, and skips unchanged ones', () => {
    const before = { '1': { shop: { values: { a: true }, expiresAt: 9 }, blog: { values: { b: 1 }, expiresAt: 9 } }, '2': { shop: { values: { c: 'x' }, expiresAt: 9 } } };
    const after = { '1': { shop: { values: { a: true }, expiresAt: 99 }, blog: { values: { b: 2 }, expiresAt: 9 } }, '3': { shop: { values: { d: null }, expiresAt: 9 } } };
    expect(changedGroups(before, after)).toEqual([
      { tabId: 1, siteId: 'blog', values: { b: 2 } },
      { tabId: 2, siteId: 'shop', values: {} },
      { tabId: 3, siteId: 'shop', values: { d: null } },
    ]);
  });
});
