import { describe, expect, it } from 'vitest';
import { createPopupModel, filterRows, type LoadProgress } from '../../components/popup/popup-model';
import { makeFlag, type Flag } from '../../lib/flags/flag';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { Envelope, PopupState } from '../../lib/messaging/protocol';
import type { CatalogueView } from '../../lib/catalogue/view';

const flag = (key: string, extra: Partial<Flag> = {}): Flag =>
  makeFlag({ key, type: 'boolean', variants: [], tags: [], ...extra });

function catalogue(flags: Flag[], extra: Partial<CatalogueView> = {}): CatalogueView {
  return { provider: 'unleash', providerLabel: 'Unleash', listsVariants: true, environment: 'production', flags, warnings: [], needsRefresh: false, ...extra };
}

/** A background that answers popup/state at once and holds catalogue/refresh until released. */
function background(first: PopupState, refreshed: CatalogueView) {
  const sent: Envelope[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let overrides: PopupState['overrides'] = { ...first.overrides };
  const client = createBackgroundClient(async (message) => {
    sent.push(message);
    if (message.type === 'popup/state') return { ok: true, result: first };
    if (message.type === 'overrides/set') {
      const { key, value } = message.data as { key: string; value: boolean };
      overrides = { ...overrides, [key]: value };
      return { ok: true, result: { overrides } };
    }
    if (message.type === 'catalogue/refresh') {
      const answeredOverrides = overrides; // what the background saw when the fetch began
      await held;
      return { ok: true, result: { ...first, overrides: answeredOverrides, catalogue: refreshed } };
    }
    throw new Error(`unexpected ${message.type}`);
  });
  return { client, sent, release };
}

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };

describe('popup model: stale-while-revalidate', () => {
  it('shows the cached flags at once and swaps in the refreshed ones, with progress meanwhile', async () => {
    const cached = catalogue([flag('old-flag')], { needsRefresh: true, fetchedAt: 1 });
    const bg = background({ tabId: 7, site, catalogue: cached, overrides: {} }, catalogue([flag('old-flag'), flag('new-flag')]));
    let report: ((p: LoadProgress | undefined) => void) | undefined;
    let stopped = false;
    const model = createPopupModel({
      client: bg.client, tabId: 7, openOptions: () => undefined,
      watchProgress: (_id, cb) => { report = cb; return () => { stopped = true; }; },
    });
    const loading = model.load();
    await waitUntil(() => model.refreshing.value);
    expect(model.rows.value.map((r) => r.flag.key)).toEqual(['old-flag']);
    report?.({ loaded: 200, total: 5000 });
    expect(model.progress.value).toEqual({ loaded: 200, total: 5000 });

    bg.release();
    await loading;
    expect(model.rows.value.map((r) => r.flag.key)).toEqual(['old-flag', 'new-flag']);
    expect(model.refreshing.value).toBe(false);
    expect(model.progress.value).toBeUndefined();
    expect(stopped).toBe(true);
  });

  it('does not refresh a fresh cache', async () => {
    const bg = background({ tabId: 7, site, catalogue: catalogue([flag('a')]), overrides: {} }, catalogue([]));
    const model = createPopupModel({ client: bg.client, tabId: 7, openOptions: () => undefined });
    await model.load();
    expect(bg.sent.map((m) => m.type)).toEqual(['popup/state']);
  });

  it('an override set while the refresh runs is not rolled back by the refresh\'s answer', async () => {
    const bg = background({ tabId: 7, site, catalogue: catalogue([flag('a')], { needsRefresh: true }), overrides: {} }, catalogue([flag('a')]));
    const model = createPopupModel({ client: bg.client, tabId: 7, openOptions: () => undefined });
    const loading = model.load();
    await waitUntil(() => model.refreshing.value);
    await model.setOverride('a', true);
    bg.release();
    await loading;
    expect(model.state.value?.overrides).toEqual({ a: true });
  });
});

describe('popup model: flags read from the cache', () => {
  const ref = { storageKey: 'catalogue.flags.v2:shop', sourceKey: 'src', chunks: 1 };

  it('reads the cached flags itself when the background points at them', async () => {
    const bg = background({ tabId: 7, site, catalogue: catalogue([], { cachedFlags: ref }), overrides: {} }, catalogue([]));
    const reads: unknown[] = [];
    const model = createPopupModel({ client: bg.client, tabId: 7, openOptions: () => undefined, readCachedFlags: async (r) => { reads.push(r); return [flag('cached-one')]; } });
    await model.load();
    expect(reads).toEqual([ref]);
    expect(model.rows.value.map((r) => r.flag.key)).toEqual(['cached-one']);
    expect(bg.sent.map((m) => m.type)).toEqual(['popup/state']);
  });

  it('is usable after the first chunk and lists every flag once the rest is read', async () => {
    const big = { ...ref, chunks: 3 };
    const bg = background({ tabId: 7, site, catalogue: catalogue([], { cachedFlags: big }), overrides: {} }, catalogue([]));
    const asked: [number, number][] = [];
    const model = createPopupModel({
      client: bg.client, tabId: 7, openOptions: () => undefined,
      readCachedFlags: async (_r, from, to) => {
        asked.push([from, to]);
        return Array.from({ length: (to - from) * 2 }, (_, i) => flag(`f${from}-${i}`));
      },
    });
    await model.load();
    expect(asked).toEqual([[0, 1], [1, 3]]);
    expect(model.rows.value).toHaveLength(6);
    expect(bg.sent.map((m) => m.type)).toEqual(['popup/state']);
  });

  it('reads from the second chunk on when popup/state carried the first', async () => {
    const big = { ...ref, chunks: 3, firstIncluded: true };
    const bg = background({ tabId: 7, site, catalogue: catalogue([flag('first')], { cachedFlags: big }), overrides: {} }, catalogue([]));
    const asked: [number, number][] = [];
    const model = createPopupModel({
      client: bg.client, tabId: 7, openOptions: () => undefined,
      readCachedFlags: async (_r, from, to) => {
        asked.push([from, to]);
        return Array.from({ length: to - from }, (_, i) => flag(`rest-${from + i}`));
      },
    });
    await model.load();
    expect(asked).toEqual([[1, 3]]);
    expect(model.rows.value.map((r) => r.flag.key)).toEqual(['first', 'rest-1', 'rest-2']);
  });

  it('fetches afresh when the cached flags are gone by the time it reads them', async () => {
    const bg = background({ tabId: 7, site, catalogue: catalogue([], { cachedFlags: ref }), overrides: {} }, catalogue([flag('fresh')]));
    const model = createPopupModel({ client: bg.client, tabId: 7, openOptions: () => undefined, readCachedFlags: async () => undefined });
    bg.release();
    await model.load();
    expect(bg.sent.map((m) => m.type)).toEqual(['popup/state', 'catalogue/refresh']);
    expect(model.rows.value.map((r) => r.flag.key)).toEqual(['fresh']);
  });
});

describe('popup search', () => {
  const rows = Array.from({ length: 10_000 }, (_, i) =>
    ({ flag: flag(`flag-${i}`, { tags: i % 100 === 0 ? ['checkout'] : [], tickets: i === 4242 ? ['SHOP-142'] : [], description: i === 77 ? 'The One-Page Checkout' : undefined }) }));

  it('matches every word in key, description, tags and tickets, case-insensitively', () => {
    expect(filterRows(rows, 'shop-142').map((r) => r.flag.key)).toEqual(['flag-4242']);
    expect(filterRows(rows, 'ONE-page').map((r) => r.flag.key)).toEqual(['flag-77']);
    expect(filterRows(rows, 'checkout flag-1').map((r) => r.flag.key)).toEqual(['flag-100', 'flag-1000', 'flag-1100', 'flag-1200', 'flag-1300', 'flag-1400', 'flag-1500', 'flag-1600', 'flag-1700', 'flag-1800', 'flag-1900']);
    expect(filterRows(rows, '   ')).toBe(rows);
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
}
