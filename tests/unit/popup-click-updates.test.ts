import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { createPopupModel } from '../../components/popup/popup-model';
import { createRowBuilder } from '../../components/popup/row-builder';
import { groupRows, itemHeight, type ListItem } from '../../components/popup/flag-list';
import type { FlagRowData, PageSummary } from '../../components/popup/popup-model';
import { makeFlag, type Flag } from '../../lib/flags/flag';
import { emptyDetections } from '../../lib/detect/store';
import type { TabDetections } from '../../lib/detect/observation';
import type { JsonValue } from '../../lib/json';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { Envelope, PopupState } from '../../lib/messaging/protocol';

/*
 * A click rebuilds only the rows it changed, recounts the page summary from those rows alone and
 * patches the grouped list in place (row-builder.ts, page-summary.ts,
 * createGrouper, VirtualList's layout). These tests hold that the patched list is always the
 * list a fresh popup would show for the same state, whichever path the update took.
 */

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };
const TAGS = ['checkout', 'search', 'mobile'];
const flags: Flag[] = Array.from({ length: 120 }, (_, i) => i % 3 === 0
  ? makeFlag({ key: `switch-${i}`, type: 'boolean', variants: [], tags: i % 2 ? [TAGS[i % 3]!] : [], defaultValue: false })
  : makeFlag({ key: `pick-${i}`, type: 'string', variants: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], tags: [TAGS[i % 3]!], defaultValue: 'a' }))
  // A catalogue may list a key twice: both rows follow its override.
  .concat(makeFlag({ key: 'switch-3', type: 'boolean', variants: [], tags: ['mobile'], defaultValue: false }));

/** The page reports switch-0 as false (echo header) and a flag the catalogue does not list. */
const detections: TabDetections = {
  ...emptyDetections(1_000), contentScript: true,
  flags: { 'switch-0': { 'echo-header': { value: false, at: 20_000 } }, 'page-only': { meta: { value: 'x', at: 20_000 } } },
};

/** A background that keeps the tab's overrides and answers as the real one does. */
function fakeBackground() {
  const overrides: Record<string, JsonValue> = {};
  const setAt: Record<string, number> = {};
  const view = () => ({ overrides: { ...overrides }, overrideSetAt: { ...setAt }, expiresAt: 99_000 });
  const state = (): PopupState => ({
    tabId: 3, site, ...view(),
    catalogue: { provider: 'flags-file', providerLabel: 'Flags file', listsVariants: true, warnings: [], needsRefresh: false, flags },
    page: { detections, echoHeader: 'X-Feature-Flags-Applied', markers: true, sdks: true },
  });
  const client = createBackgroundClient(async (message: Envelope) => {
    const data = message.data as { key?: string; value?: JsonValue };
    if (message.type === 'popup/state') return { ok: true, result: state() };
    if (message.type === 'overrides/set') { overrides[data.key!] = data.value!; setAt[data.key!] = 10_000; }
    if (message.type === 'overrides/clear') { delete overrides[data.key!]; delete setAt[data.key!]; }
    return { ok: true, result: view() };
  });
  return { client, state };
}

/** The "on this page" counts a freshly opened popup shows for these rows. */
function freshSummary(rows: readonly FlagRowData[]): PageSummary {
  return {
    reported: rows.filter((r) => r.page.readings.length > 0).length,
    notHonoured: rows.filter((r) => r.page.verdict === 'not-honoured').length,
    reload: rows.filter((r) => r.page.verdict === 'reload').length,
  };
}

/** What a list shows, row by row: enough to tell two lists apart. */
const shown = (items: readonly ListItem[]) => items.map((item) => (item.kind === 'heading'
  ? `${item.label} (${item.count})`
  : `${item.row.flag.key} ${item.row.overridden ? JSON.stringify(item.row.override) : '-'} ${item.row.page.verdict} ${itemHeight(item)}`));

describe('a click in the popup', () => {
  it('lists exactly what a freshly opened popup would, after each kind of change', async () => {
    const background = fakeBackground();
    let pageSays: (seen: TabDetections) => void = () => undefined;
    const model = createPopupModel({
      client: background.client, tabId: 3, openOptions: () => undefined,
      watchPage: (_tab, callback) => { pageSays = callback; return () => undefined; },
    });
    await model.load();
    const freshRows = () => {
      const state = { ...background.state(), page: model.state.value!.page };
      return createRowBuilder()(state, state.page?.detections);
    };
    const fresh = () => shown(groupRows(freshRows()));
    const clicks: [string, () => Promise<void>][] = [
      ['override a flag (it moves to the top)', () => model.setOverride('switch-3', true)],
      ['change an overridden flag\'s value (it stays)', () => model.setOverride('switch-3', false)],
      ['override the flag the page reports, against it (not honoured, taller)', () => model.setOverride('switch-0', true)],
      ['agree with the page (honoured, shorter)', () => model.setOverride('switch-0', false)],
      ['pick a variant', () => model.setOverride('pick-1', 'b')],
      ['pick another variant of the same flag', () => model.setOverride('pick-1', 'a')],
      ['override a flag only the page mentions', () => model.setOverride('page-only', 'y')],
      ['override a flag the catalogue does not list', () => model.setOverride('gone-flag', 1)],
      ['the page reports another flag (it moves to "On this page")', async () => {
        pageSays({ ...detections, flags: { ...detections.flags, 'switch-9': { meta: { value: true, at: 30_000 } } } });
      }],
      ['reset one', () => model.clearOverride('switch-3')],
      ['reset another', () => model.clearOverride('switch-0')],
    ];
    const summariesSeen = new Set<string>();
    for (const [what, click] of clicks) {
      await click();
      expect(model.actionError.value, what).toBeUndefined();
      expect(shown(model.listItems.value), what).toEqual(fresh());
      expect(model.pageSummary.value, what).toEqual(freshSummary(freshRows()));
      summariesSeen.add(JSON.stringify(model.pageSummary.value));
    }
    // The clicks above moved the counts (not honoured, honoured, a new report): a summary
    // stuck at its first value could not have matched every fresh one.
    expect(summariesSeen.size).toBeGreaterThan(2);
    model.query.value = 'switch';
    await model.setOverride('switch-6', true);
    await model.setOverride('switch-6', false);
    const state = { ...background.state(), page: model.state.value!.page };
    const expected = groupRows(createRowBuilder()(state, state.page?.detections).filter((row) => row.flag.key.includes('switch')));
    expect(shown(model.listItems.value)).toEqual(shown(expected));
  });

  it('keeps the list\'s height right when a row grows or shrinks, and shows the new value', async () => {
    const background = fakeBackground();
    const model = createPopupModel({ client: background.client, tabId: 3, openOptions: () => undefined });
    await model.load();
    const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
    Object.assign(globalThis, { document });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    render(h(Popup, { model }), document.getElementById('app')!);
    const listHeight = () => document.querySelector('ul[aria-label="Flags"]')!.getAttribute('style');
    const expectedHeight = () => `height:${model.listItems.value.reduce((sum, item) => sum + itemHeight(item), 0)}px`;
    // linkedom has no `checked` property: Preact writes the attribute instead.
    const isOn = (key: string) => document.querySelector(`input[role="switch"][aria-label="${key}"]`)!.hasAttribute('checked');

    await model.setOverride('switch-0', false);
    await settle();
    expect(listHeight()).toContain(expectedHeight());
    expect(isOn('switch-0')).toBe(false);
    const honoured = listHeight();

    await model.setOverride('switch-0', true); // the page says false: not honoured, two lines
    await settle();
    expect(listHeight()).toContain(expectedHeight());
    expect(listHeight()).not.toBe(honoured);
    expect(isOn('switch-0')).toBe(true);
    expect(document.querySelector('li[data-flag-key="switch-0"] .page-line.not-honoured')).not.toBeNull();
    expect(document.querySelector('.banner .status')?.textContent).toContain('1 not honoured');

    await model.setOverride('switch-0', false);
    await settle();
    expect(listHeight()).toBe(honoured);
    expect(document.querySelector('li[data-flag-key="switch-0"] .page-line.honoured')).not.toBeNull();
    expect(document.querySelector('.banner .status')?.textContent).not.toContain('not honoured');
  });

  it('rebuilds only the clicked flag\'s rows, and says which positions changed', () => {
    const background = fakeBackground();
    const build = createRowBuilder();
    const state = background.state();
    const before = build(state, state.page?.detections);
    const after = build({ ...state, overrides: { 'switch-3': true }, overrideSetAt: { 'switch-3': 10_000 } }, state.page?.detections);
    const changed = after.flatMap((row, i) => (row === before[i] ? [] : [i]));
    // switch-3's two rows, and the page-only row (rows outside the catalogue are made afresh).
    expect(changed.map((i) => after[i]!.flag.key)).toEqual(['switch-3', 'switch-3', 'page-only']);
    expect(build.changeOf(after)).toEqual({ before, changed });
    expect(build.changeOf(before)).toBeUndefined();
  });
});
