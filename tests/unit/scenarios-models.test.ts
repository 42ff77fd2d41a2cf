import { beforeEach, describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { fakeBrowser } from '@webext-core/fake-browser';
import { makeFlag } from '../../lib/flags/flag';
import { createConfigStore, type ConfigStorageArea } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import type { PopupState } from '../../lib/messaging/protocol';
import type { Scenario } from '../../lib/scenarios/scenario';
import { createPopupModel } from '../../components/popup/popup-model';
import { createScenarioModel } from '../../components/popup/scenarios-model';
import { createScenarioList } from '../../components/options/scenarios-model';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file' as const, url: 'https://shop.example.com/flags.json' } };
const bannerB: Scenario = { id: 'banner-b', siteId: 'shop', name: 'Banner B', tickets: ['SHOP-142'], values: { 'hero-banner': 'b' } };
const flags = [
  makeFlag({ key: 'new-checkout', type: 'boolean', variants: [], tags: [], tickets: ['SHOP-142'] }),
  makeFlag({ key: 'hero-banner', type: 'string', variants: [{ name: 'b', value: 'b' }], tags: [], tickets: ['SHOP-142', 'SHOP-150'] }),
];

function popupWith(state: Partial<PopupState>) {
  const sent: { type: string; data: unknown }[] = [];
  const client = {
    async request(type: string, data: unknown) {
      sent.push({ type, data });
      if (type === 'scenarios/apply') return { overrides: { 'hero-banner': 'b' }, opened: 'https://shop.example.com/checkout' };
      if (type === 'scenarios/save') return { scenario: bannerB, replaced: false, scenarios: [bannerB] };
      return { overrides: (data as { values: object }).values };
    },
  };
  const popup = createPopupModel({ client: client as never, tabId: 7, openOptions() {} });
  popup.state.value = {
    tabId: 7, tabUrl: 'https://shop.example.com/cart?token=x', overrides: {},
    site: { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 60 },
    catalogue: { flags } as unknown as PopupState['catalogue'], scenarios: [], ...state,
  };
  return { popup, scenarios: createScenarioModel(popup), sent };
}

describe('the popup\'s scenarios', () => {
  it('applies a ticket\'s flags in one message, and says which variant it left to choose', async () => {
    const { popup, scenarios, sent } = popupWith({});
    expect(scenarios.tickets.value).toEqual(['SHOP-142', 'SHOP-150']);
    await scenarios.applyTicket('SHOP-142');
    expect(sent).toEqual([{ type: 'overrides/set-many', data: { tabId: 7, siteId: 'shop', values: { 'new-checkout': true } } }]);
    expect(scenarios.notice.value).toBe('Set new-checkout for SHOP-142. hero-banner: choose a variant: no saved scenario of SHOP-142 sets it.');
    expect(popup.state.value?.overrides).toEqual({ 'new-checkout': true });
  });

  it('sends nothing when nothing of the ticket can be set', async () => {
    const { scenarios, sent } = popupWith({});
    await scenarios.applyTicket('SHOP-150');
    expect(sent).toEqual([]);
    expect(scenarios.notice.value).toMatch(/^Nothing of SHOP-150 could be set\. hero-banner: choose a variant/);
  });

  it('applies a scenario, shows it as the tab\'s, and prefills "Save as scenario…" from the tab', async () => {
    const { popup, scenarios, sent } = popupWith({ scenarios: [bannerB], overrides: { 'hero-banner': 'b' } });
    expect(scenarios.current.value?.name).toBe('Banner B');
    await scenarios.apply('banner-b');
    expect(sent[0]).toEqual({ type: 'scenarios/apply', data: { tabId: 7, scenarioId: 'banner-b' } });
    expect(popup.state.value).not.toHaveProperty('opened');
    expect(scenarios.notice.value).toBe('Applied "Banner B" and opened /checkout.');
    scenarios.openSave();
    expect(scenarios.form.value).toEqual({ name: 'Banner B', startPath: '/cart', tickets: 'SHOP-142, SHOP-150' });
    await scenarios.save();
    expect(sent[1]).toEqual({ type: 'scenarios/save', data: { tabId: 7, siteId: 'shop', name: 'Banner B', startPath: '/cart', tickets: ['SHOP-142', 'SHOP-150'] } });
    expect(scenarios.notice.value).toBe('Saved scenario "Banner B".');
  });
});

describe('the options page\'s scenarios', () => {
  beforeEach(() => fakeBrowser.reset());

  async function list() {
    const store = createConfigStore(fakeBrowser.storage.local as unknown as ConfigStorageArea);
    const saved = await store.save({ version: 1, sites: [site] });
    const config = signal<Config | undefined>(saved.ok ? saved.config : undefined);
    return { store, model: createScenarioList({ store }, { config, setConfig: (next) => { config.value = next; } }) };
  }

  it('adds a scenario by hand, says clearly what is wrong with its JSON, renames and deletes it', async () => {
    const { store, model } = await list();
    model.startNew('shop');
    model.edit({ name: 'Banner B', values: '{ hero-banner: "b" }' });
    await model.save();
    expect(model.error.value).toMatch(/^Values: not valid JSON .* write an object like \{ "new-checkout": true/);
    model.edit({ values: '{ "hero-banner": "b" }', tickets: 'SHOP-142, SHOP-142', startPath: '/checkout' });
    await model.save();
    expect(model.form.value).toBeUndefined();
    expect(model.ofSite('shop')).toEqual([{ id: 'banner-b', siteId: 'shop', name: 'Banner B', startPath: '/checkout', tickets: ['SHOP-142'], values: { 'hero-banner': 'b' } }]);

    model.startEdit(model.ofSite('shop')[0]!);
    model.edit({ name: 'Hero B' });
    await model.save();
    expect(model.ofSite('shop').map((s) => [s.id, s.name])).toEqual([['banner-b', 'Hero B']]);

    model.startEdit(model.ofSite('shop')[0]!);
    model.edit({ startPath: 'checkout' });
    await model.save();
    expect(model.error.value).toMatch(/startPath: must be a path on the site/);

    await model.remove('banner-b');
    const loaded = await store.load();
    expect(loaded.ok && loaded.config.scenarios).toEqual([]);
  });

  it('removing a site removes its scenarios', async () => {
    const { store, model } = await list();
    model.startNew('shop');
    model.edit({ name: 'A', values: '{ "a": true }' });
    await model.save();
    const after = await store.removeSite('shop');
    expect(after.ok && after.config.scenarios).toEqual([]);
  });
});
