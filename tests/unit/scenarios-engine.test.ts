import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createOverrideEngine, type EngineDeps } from '../../lib/overrides/engine';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { decodeOverrides } from '../../lib/wire';
import { createFakeDnr } from '../support/fake-dnr';

const shop: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};

function world() {
  const dnr = createFakeDnr();
  const badges = new Map<number, string>();
  const engine = createOverrideEngine({
    session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
    dnr,
    alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
    async setBadge(tabId, text) { badges.set(tabId, text); },
    openTabIds: async () => [1, 2],
    sites: async () => [shop],
    resourceTypes: CHROME_RESOURCE_TYPES,
    now: () => 1_000_000,
  });
  const header = (tabId: number) => {
    const value = dnr.headersFor({ url: 'https://shop.example.com/', tabId, type: 'main_frame' })['x-feature-flags'];
    return value === undefined ? undefined : decodeOverrides(value);
  };
  return { dnr, badges, engine, header };
}

describe('setting several values at once (engine.setValues)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('adds them to the tab\'s overrides in one rules update', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'price-format', 'long');
    const before = w.dnr.calls.length;
    await w.engine.setValues(1, 'shop', { 'new-checkout': true, 'hero-banner': 'b' });
    expect(w.dnr.calls.length - before).toBe(1);
    expect(w.header(1)).toEqual({ ok: true, values: { 'price-format': 'long', 'new-checkout': true, 'hero-banner': 'b' } });
    expect(w.header(2)).toBeUndefined();
    expect(w.badges.get(1)).toBe('3');
  });

  it('replaces the tab\'s overrides on the site when asked, so it sends exactly the values', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'price-format', 'long');
    const group = await w.engine.setValues(1, 'shop', { 'new-checkout': true }, { replace: true });
    expect(group?.values).toEqual({ 'new-checkout': true });
    expect(w.header(1)).toEqual({ ok: true, values: { 'new-checkout': true } });
  });

  it('changes nothing when one value cannot be sent', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'price-format', 'long');
    const huge = 'x'.repeat(20_000);
    await expect(w.engine.setValues(1, 'shop', { 'new-checkout': true, big: huge })).rejects.toThrow(/cannot be sent/);
    expect((await w.engine.getTab(1)).shop?.values).toEqual({ 'price-format': 'long' });
  });

  it('keeps a flag named __proto__ as a key like any other', async () => {
    const w = world();
    const values = JSON.parse('{"__proto__": true, "constructor": "b"}') as Record<string, boolean | string>;
    await w.engine.setValues(1, 'shop', values, { replace: true });
    expect(Object.keys((await w.engine.getTab(1)).shop!.values).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
