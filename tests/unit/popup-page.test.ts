import { describe, expect, it } from 'vitest';
import { createPopupModel } from '../../components/popup/popup-model';
import { makeFlag } from '../../lib/flags/flag';
import { createBackgroundClient } from '../../lib/messaging/client';
import { emptyDetections } from '../../lib/detect/store';
import type { TabDetections } from '../../lib/detect/observation';
import type { Envelope, PopupState } from '../../lib/messaging/protocol';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };
const catalogue = {
  provider: 'flags-file' as const, providerLabel: 'Flags file', listsVariants: true, warnings: [], needsRefresh: false,
  flags: [makeFlag({ key: 'new-checkout', type: 'boolean', variants: [], tags: [], defaultValue: false }), makeFlag({ key: 'hero-banner', type: 'string', variants: [], tags: [], defaultValue: 'a' })],
};

/** A popup over a background that answers popup/state, overrides/set and page/outline. */
async function popupWith(detections: TabDetections | undefined, overrides: PopupState['overrides'] = {}, setAt: Record<string, number> = {}, watching = true) {
  const sent: Envelope[] = [];
  let push: ((d: TabDetections | undefined) => void) | undefined;
  const state: PopupState = {
    tabId: 3, site, catalogue, overrides, overrideSetAt: setAt,
    page: watching ? { detections, echoHeader: 'X-Feature-Flags-Applied', markers: true, sdks: true } : { detections, markers: false, sdks: false },
  };
  const client = createBackgroundClient(async (message) => {
    sent.push(message);
    if (message.type === 'popup/state') return { ok: true, result: structuredClone(state) };
    if (message.type === 'page/outline') return { ok: true, result: { on: (message.data as { on: boolean }).on, applied: false } };
    if (message.type === 'overrides/set') {
      const { key, value } = message.data as { key: string; value: boolean };
      return { ok: true, result: { overrides: { ...overrides, [key]: value }, overrideSetAt: { ...setAt, [key]: 50_000 } } };
    }
    throw new Error(`unexpected ${message.type}`);
  });
  const model = createPopupModel({ client, tabId: 3, openOptions: () => undefined, watchPage: (_tab, cb) => { push = cb; return () => undefined; } });
  await model.load();
  return { model, sent, push: (d: TabDetections) => push?.(d) };
}

const seen = (flags: TabDetections['flags']): TabDetections => ({ ...emptyDetections(1_000), contentScript: true, flags });
const row = (model: Awaited<ReturnType<typeof popupWith>>['model'], key: string) => model.rows.value.find((r) => r.flag.key === key)!;

describe('popup: what the page uses', () => {
  it('shows each flag\'s value on the page and lists flags only the page knows', async () => {
    const { model } = await popupWith(seen({
      'new-checkout': { 'echo-header': { value: false, detail: 'GET /', at: 2_000 } },
      'secret-banner': { meta: { value: true, at: 1_000 } },
    }));
    expect(row(model, 'new-checkout').page.reported).toMatchObject({ source: 'echo-header', value: false });
    expect(row(model, 'secret-banner')).toMatchObject({ inCatalogue: false, overridden: false, flag: { type: 'boolean' } });
    expect(model.pageSummary.value).toEqual({ reported: 2, notHonoured: 0, reload: 0 });
    model.onlyOnPage.value = true;
    expect(model.visibleRows.value.map((r) => r.flag.key)).toEqual(['new-checkout', 'secret-banner']);
  });

  it('warns when the page reports another value after the override, and only then', async () => {
    const { model, push } = await popupWith(seen({ 'new-checkout': { 'echo-header': { value: false, at: 2_000 } } }), { 'new-checkout': true }, { 'new-checkout': 10_000 });
    // The page answered before the override was set: a reload is needed, not a warning.
    expect(row(model, 'new-checkout').page.verdict).toBe('reload');
    expect(model.pageSummary.value).toMatchObject({ notHonoured: 0, reload: 1 });

    push(seen({ 'new-checkout': { 'echo-header': { value: false, at: 12_000 } } }));
    expect(row(model, 'new-checkout').page.verdict).toBe('not-honoured');
    expect(model.pageSummary.value).toMatchObject({ notHonoured: 1, reload: 0 });

    push(seen({ 'new-checkout': { 'echo-header': { value: true, at: 13_000 } } }));
    expect(row(model, 'new-checkout').page.verdict).toBe('honoured');
    expect(model.pageSummary.value.notHonoured).toBe(0);
  });

  it('a new override is judged from its own time, not the earlier one\'s', async () => {
    const { model } = await popupWith(seen({ 'hero-banner': { growthbook: { value: 'a', at: 20_000 } } }), { 'hero-banner': 'a' }, { 'hero-banner': 10_000 });
    expect(row(model, 'hero-banner').page.verdict).toBe('honoured');
    await model.setOverride('hero-banner', 'b');
    expect(row(model, 'hero-banner').page.verdict).toBe('reload'); // the page spoke at 20 s; 'b' was set at 50 s
  });

  it('says nothing about the page when the site has every detection source off', async () => {
    const { model } = await popupWith(undefined, { 'new-checkout': true }, { 'new-checkout': 10_000 }, false);
    expect(row(model, 'new-checkout').page.verdict).toBe('none');
    const watched = await popupWith(undefined, { 'new-checkout': true }, { 'new-checkout': 10_000 });
    expect(row(watched.model, 'new-checkout').page.verdict).toBe('unreported');
  });

  it('says so when outlining is asked for but the page script is not running', async () => {
    const { model, sent } = await popupWith(undefined);
    await model.setOutline(true);
    expect(sent.at(-1)).toEqual({ type: 'page/outline', data: { tabId: 3, on: true } });
    expect(model.actionError.value?.message).toMatch(/not running in this tab yet: reload the page/);
  });
});
