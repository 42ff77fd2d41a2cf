import { describe, expect, it } from 'vitest';
import { createDetectionStore } from '../../lib/detect/store';
import { DETECTION_BUDGET } from '../../lib/detect/budget';
import { detectionKey, LIMITS, PageReportSchema, type TabDetections } from '../../lib/detect/observation';
import { createOverrideEngine, OverrideError, type EngineDeps } from '../../lib/overrides/engine';
import { OVERRIDE_STATE_KEY } from '../../lib/overrides/state';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { decodeOverrides } from '../../lib/wire';
import { createFakeDnr } from '../support/fake-dnr';
import { memoryStorage } from '../support/catalogue';

/** Chrome's storage.session quota (QUOTA_BYTES): 10 MB for everything the extension keeps there. */
const SESSION_QUOTA = 10 * 1024 * 1024;

const site: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};

function world(session = memoryStorage({ quotaBytes: SESSION_QUOTA })) {
  const dnr = createFakeDnr();
  const now = () => 1_000_000;
  const engine = createOverrideEngine({
    session, dnr,
    alarms: { create: () => undefined, clear: async () => true },
    setBadge: async () => undefined,
    openTabIds: async () => [1],
    sites: async () => [site],
    resourceTypes: CHROME_RESOURCE_TYPES,
    now,
  } satisfies EngineDeps);
  const store = createDetectionStore({ session, now, flushDelayMs: 0 });
  const header = (tabId = 1) => {
    const value = dnr.headersFor({ url: 'https://shop.example.com/', tabId, type: 'main_frame' })['x-feature-flags'];
    return value === undefined ? undefined : decodeOverrides(value);
  };
  return { session, dnr, engine, store, header };
}

/** As large a report as the page protocol lets through: 500 observations with 2 KB values. */
function floodReport(round: number) {
  return PageReportSchema().parse({
    kind: 'evaluations',
    documentStartedAt: 999_000,
    observations: Array.from({ length: LIMITS.reportObservations }, (_, i) => ({
      key: `flood-${round}-${i}-${'k'.repeat(200)}`,
      source: 'openfeature',
      value: 'v'.repeat(LIMITS.valueJsonLength - 2),
      detail: 'd'.repeat(LIMITS.detailLength),
      at: 999_500,
    })),
  });
}

describe('what pages report cannot starve the override state of storage.session', () => {
  it('keeps each tab and all tabs within their byte budget, says what it dropped, and the next override still lands', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    // Eight tabs, each flooding with four maximal reports (~10 MB of records before the budget).
    for (let tabId = 1; tabId <= 8; tabId++) {
      await w.store.navigated(tabId, 999_000, 'https://shop.example.com/');
      for (let round = 0; round < 4; round++) await w.store.report(tabId, floodReport(round));
      await w.store.flush();
    }
    let detectionBytes = 0;
    for (let tabId = 1; tabId <= 8; tabId++) {
      const item = (await w.session.get(detectionKey(tabId)))[detectionKey(tabId)] as TabDetections;
      const bytes = new TextEncoder().encode(detectionKey(tabId) + JSON.stringify(item)).length;
      expect(bytes).toBeLessThanOrEqual(DETECTION_BUDGET.perTabBytes);
      detectionBytes += bytes;
    }
    expect(detectionBytes).toBeLessThanOrEqual(DETECTION_BUDGET.totalBytes);
    const last = (await w.session.get(detectionKey(8)))[detectionKey(8)] as TabDetections;
    expect(last.notes.join('\n')).toMatch(/more than Flagtab keeps for one tab \(512 KB\); \d+ flag\(s\) seen least recently were dropped/);
    expect(last.dropped).toBeGreaterThan(0);

    // The click after the flood is stored, and what the tab sends is what the popup shows.
    const after = await w.engine.setOverride(1, 'shop', 'hero-banner', 'b');
    expect(after?.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
    expect(w.header()).toEqual({ ok: true, values: { 'new-checkout': true, 'hero-banner': 'b' } });
  }, 60_000); // ~10 MB of reports go through validation and storage

  it('a change that cannot be stored leaves the rules as they were and says so', async () => {
    const w = world();
    await w.engine.setOverride(1, 'shop', 'new-checkout', true);
    const rulesBefore = await w.dnr.getSessionRules();
    // Something else filled the session storage to the brim.
    w.session.items.set('filler', 'x'.repeat(SESSION_QUOTA - w.session.bytesInUse() - 20));

    const failed = await w.engine.setOverride(1, 'shop', 'hero-banner', 'b').then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(OverrideError);
    expect((failed as Error).message).toMatch(/could not save this change .*nothing was changed: the tab sends what it sent before/);
    // Rules, storage and so the popup agree: the old state.
    expect(w.header()).toEqual({ ok: true, values: { 'new-checkout': true } });
    expect(await w.dnr.getSessionRules()).toEqual(rulesBefore);
    const stored = (await w.session.get(OVERRIDE_STATE_KEY))[OVERRIDE_STATE_KEY] as Record<string, Record<string, { values: object }>>;
    expect(stored['1']?.shop?.values).toEqual({ 'new-checkout': true });
    expect(await w.engine.getTab(1)).toMatchObject({ shop: { values: { 'new-checkout': true } } });
  });
});

describe('nothing is left behind for closed tabs', () => {
  it('a record being written when its tab closes is not written back, and late reports make none', async () => {
    const session = memoryStorage();
    const open = new Set([1, 2]);
    const store = createDetectionStore({ session, now: () => 10_000, flushDelayMs: 0, isTabOpen: async (id) => open.has(id) });
    const report = PageReportSchema().parse({ kind: 'evaluations', documentStartedAt: 9_000, observations: [{ key: 'a', source: 'openfeature', value: 1, at: 9_000 }] });
    // The child's first request and its close race: the update is still reading when it closes.
    const pending = store.navigated(2, 9_000, 'https://shop.example.com/');
    open.delete(2);
    await store.forget(2);
    await pending;
    await store.report(2, report);
    await store.hello(2, 9_000);
    // A tab the worker never heard close (it closed while the worker slept) makes no record either.
    await store.report(3, report);
    await store.flush();
    expect([...session.items.keys()]).toEqual([]);
  });

  it('at worker start, drops the records of tabs that are not open', async () => {
    const session = memoryStorage();
    for (const id of [1, 2, 3, 4]) session.items.set(detectionKey(id), { documentStartedAt: 1, flags: {}, contentScript: true, sdks: [], dropped: 0, notes: [], outline: false });
    session.items.set(OVERRIDE_STATE_KEY, {});
    const store = createDetectionStore({ session, now: () => 10_000, flushDelayMs: 0 });
    await store.pruneClosed(async () => [1, 3]);
    expect([...session.items.keys()].sort()).toEqual([detectionKey(1), detectionKey(3), OVERRIDE_STATE_KEY].sort());
  });
});
