import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Tabs } from 'webextension-polyfill';
import { createOverrideEngine, type EngineDeps } from '../../lib/overrides/engine';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { createConfigStore, type ConfigStorageArea } from '../../lib/config/store';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { registerScenarios } from '../../lib/background/scenarios';
import { createMessageRouter, type Handlers } from '../../lib/messaging/router';
import { createFakeDnr } from '../support/fake-dnr';

const shop: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};

async function setup() {
  const config = createConfigStore(fakeBrowser.storage.local as unknown as ConfigStorageArea);
  await config.save({ version: 1, sites: [shop] });
  const engine = createOverrideEngine({
    session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
    dnr: createFakeDnr(),
    alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
    async setBadge() {},
    openTabIds: async () => [1, 2],
    sites: async () => [shop],
    resourceTypes: CHROME_RESOURCE_TYPES,
    now: () => 1_000_000,
  });
  const reloads: number[] = [];
  const urls = new Map<number, string>([[1, 'https://shop.example.com/cart'], [2, 'https://shop.example.com/'], [3, 'https://elsewhere.example/']]);
  const tabs = {
    get: async (tabId: number) => ({ id: tabId, url: urls.get(tabId) }) as Tabs.Tab,
    update: async (tabId: number, change: { url: string }) => { urls.set(tabId, change.url); },
    reload: async (tabId: number) => { reloads.push(tabId); },
  };
  const scenarios = registerScenarios({ config, engine, sites: async () => [shop], tabs });
  return { config, engine, urls, reloads, scenarios, h: scenarios.handlers };
}

describe('scenarios in the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('presents: each step applies the next scenario of the cycle (marked ones, else all) and reloads the tab, going round', async () => {
    const { engine, reloads, h } = await setup();
    await h['overrides/set-many']({ tabId: 1, siteId: 'shop', values: { 'new-checkout': false } });
    await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'Before', tickets: [] });
    await h['overrides/set-many']({ tabId: 1, siteId: 'shop', values: { 'new-checkout': true, 'hero-banner': 'b' } });
    await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'After', tickets: [] });
    await engine.resetTab(2);
    // Tab 2 is in no scenario: the first; then round and round, the tab reloaded each time.
    const steps = [];
    for (let i = 0; i < 3; i++) steps.push(await h['scenarios/next']({ tabId: 2 }));
    expect(steps.map((s) => [s.scenario, s.position, s.of])).toEqual([['Before', 1, 2], ['After', 2, 2], ['Before', 1, 2]]);
    expect((await engine.getTab(2)).shop?.values).toEqual({ 'new-checkout': false });
    expect(reloads).toEqual([2, 2, 2]);
    // A tab on no configured site, or a site with no scenario, is told why.
    await expect(h['scenarios/next']({ tabId: 3 })).rejects.toThrow(/not on a site set up in Flagtab/);
  });

  it('saves what the engine holds for the tab, and applies it to another tab, replacing its overrides and opening the start path', async () => {
    const { engine, urls, scenarios, h } = await setup();
    await h['overrides/set-many']({ tabId: 1, siteId: 'shop', values: { 'new-checkout': true, 'hero-banner': 'b' } });
    const saved = await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'New checkout, banner B', startPath: '/checkout', tickets: ['SHOP-142', 'SHOP-142'] });
    expect(saved).toMatchObject({ replaced: false, scenario: { id: 'new-checkout-banner-b', tickets: ['SHOP-142'], values: { 'new-checkout': true, 'hero-banner': 'b' } } });
    expect(await scenarios.ofSite('shop')).toHaveLength(1);
    expect(await scenarios.nameOf('shop', { 'hero-banner': 'b', 'new-checkout': true })).toBe('New checkout, banner B');

    await engine.setOverride(2, 'shop', 'price-format', 'long');
    const applied = await h['scenarios/apply']({ tabId: 2, scenarioId: 'new-checkout-banner-b' });
    expect(applied).toMatchObject({ overrides: { 'new-checkout': true, 'hero-banner': 'b' }, opened: 'https://shop.example.com/checkout' });
    expect((await engine.getTab(2)).shop?.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
    expect(urls.get(2)).toBe('https://shop.example.com/checkout');
  });

  it('updates a scenario saved again under the same name, keeping its id', async () => {
    const { engine, h } = await setup();
    await engine.setOverride(1, 'shop', 'new-checkout', true);
    await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'Checkout', tickets: [] });
    await engine.setOverride(1, 'shop', 'new-checkout', false);
    const again = await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'checkout', tickets: [] });
    expect(again).toMatchObject({ replaced: true, scenario: { id: 'checkout', values: { 'new-checkout': false } } });
    expect(again.scenarios).toHaveLength(1);
  });

  it('refuses an empty tab, a tab on another site and a deleted scenario, saying what to do', async () => {
    const { engine, h } = await setup();
    await expect(h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'X', tickets: [] })).rejects.toThrow(/Nothing is overridden in this tab/);
    await engine.setOverride(1, 'shop', 'new-checkout', true);
    await h['scenarios/save']({ tabId: 1, siteId: 'shop', name: 'X', tickets: [] });
    await expect(h['scenarios/apply']({ tabId: 3, scenarioId: 'x' })).rejects.toThrow(/no longer on that site/);
    await expect(h['scenarios/apply']({ tabId: 2, scenarioId: 'gone' })).rejects.toThrow(/no longer saved/);
    expect(await engine.getTab(3)).toEqual({});
  });

  it('is for Flagtab\'s own pages only: a page or content script cannot apply or batch-set', async () => {
    const { engine, h } = await setup();
    const route = createMessageRouter(h as unknown as Handlers, { extensionId: 'flagtab-id', extensionOrigin: 'chrome-extension://flagtab-id/' });
    const page = { id: 'flagtab-id', url: 'https://shop.example.com/' };
    expect((await route({ type: 'scenarios/apply', data: { tabId: 2, scenarioId: 'x' } }, page)).ok).toBe(false);
    expect((await route({ type: 'overrides/set-many', data: { tabId: 2, siteId: 'shop', values: { a: true } } }, page)).ok).toBe(false);
    const popup = { id: 'flagtab-id', url: 'chrome-extension://flagtab-id/popup.html' };
    expect(await route({ type: 'overrides/set-many', data: { tabId: 2, siteId: 'shop', values: {} } }, popup)).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(await engine.getTab(2)).toEqual({});
  });
});
