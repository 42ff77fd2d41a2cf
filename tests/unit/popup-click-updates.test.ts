import { parseHTML } from 'linkedom';
import { h, options, render, type VNode } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { FlagRow } from '../../components/popup/FlagRow';
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
    if (message.type === 'overrides/reset') for (const key of Object.keys(overrides)) { delete overrides[key]; delete setAt[key]; }
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

/**
 * Preact's hook called as each component is about to render (`options._render`, published as
 * `__r`; preact/hooks and @preact/signals use it too). `options.diffed` would not do: it is also
 * called for components Preact skips.
 */
const hooks = options as { __r?: (vnode: VNode) => void };

/** The markup under `node`, each element's attributes sorted: the order Preact set them in is not something anyone sees. */
function drawing(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  const element = node as Element;
  const attributes = [...element.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
  return `<${element.tagName.toLowerCase()} ${attributes}>${[...element.childNodes].map(drawing).join('')}</>`;
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

  it('shows, after every kind of click and scrolled anywhere, what a freshly opened popup shows', async () => {
    const background = fakeBackground();
    const { document } = parseHTML('<!doctype html><html><body><div id="clicked"></div><div id="fresh"></div></body></html>');
    Object.assign(globalThis, { document });
    // Long enough for Preact's effects (the tools under the list, the list's overscan) to run.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
    const open = async (id: string) => {
      const model = createPopupModel({ client: background.client, tabId: 3, openOptions: () => undefined });
      await model.load();
      render(h(Popup, { model }), document.getElementById(id)!);
      await settle();
      return model;
    };
    const scroll = async (id: string, top: number) => {
      const viewport = document.querySelector(`#${id} .virtual-viewport`)! as HTMLElement;
      viewport.scrollTop = top;
      viewport.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('scroll'));
      await settle();
    };
    const seen = (id: string) => [...document.getElementById(id)!.childNodes].map(drawing).join('');
    const model = await open('clicked');
    const clicks: [string, () => Promise<void>][] = [
      ['override a flag listed twice (it moves to the top)', () => model.setOverride('switch-3', true)],
      ['change its value (it stays)', () => model.setOverride('switch-3', false)],
      ['override the flag the page reports, against it (not honoured, taller)', () => model.setOverride('switch-0', true)],
      ['agree with the page (honoured, shorter)', () => model.setOverride('switch-0', false)],
      ['disagree again', () => model.setOverride('switch-0', true)],
      ['pick a variant', () => model.setOverride('pick-1', 'b')],
      ['pick another', () => model.setOverride('pick-1', 'a')],
      ['reset one', () => model.clearOverride('switch-3')],
      ['reset all', () => model.resetAll()],
    ];
    for (const [what, click] of clicks) {
      await click();
      await settle();
      render(null, document.getElementById('fresh')!);
      await open('fresh');
      for (const top of [0, 700, 3000]) {
        await scroll('clicked', top);
        await scroll('fresh', top);
        expect(seen('clicked'), `${what}, scrolled to ${top}px`).toEqual(seen('fresh'));
      }
      await scroll('clicked', 0);
    }
    expect(seen('clicked')).toContain('No overrides in this tab');
  });

  it('draws again only what a click changed: its rows, not the rest of the popup', async () => {
    const background = fakeBackground();
    const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
    Object.assign(globalThis, { document });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
    const model = createPopupModel({ client: background.client, tabId: 3, openOptions: () => undefined });
    await model.load();
    render(h(Popup, { model }), document.getElementById('app')!);
    await model.setOverride('switch-3', true);
    await settle();
    // The parts of the popup drawn while an answer is handled, and the flags of the rows drawn.
    const drawn = new Set<string>();
    const rowsDrawn = new Set<string>();
    const watchDrawing = async (act: () => Promise<void>) => {
      drawn.clear();
      const before = hooks.__r;
      hooks.__r = (vnode: VNode) => {
        if (typeof vnode.type === 'function') drawn.add(vnode.type.name);
        if (vnode.type === FlagRow) rowsDrawn.add((vnode.props as unknown as { row: FlagRowData }).row.flag.key);
        before?.(vnode);
      };
      try {
        await act();
        await settle();
      } finally {
        hooks.__r = before;
      }
    };
    await watchDrawing(() => model.setOverride('switch-3', false));
    expect(document.querySelector('input[role="switch"][aria-label="switch-3"]')!.hasAttribute('checked')).toBe(false);
    expect([...rowsDrawn]).toEqual(['switch-3']);
    // The banner's count and expiry, the page's counts, the search, the tools: none changed.
    for (const part of ['Popup', 'OverridesBanner', 'TabWarnings', 'CatalogueLines', 'PageStatus', 'FlagList', 'ScenarioBar', 'RunsPanel']) {
      expect(drawn, part).not.toContain(part);
    }
    await watchDrawing(() => model.setOverride('switch-6', true)); // one more override: the banner's count changes
    expect(drawn).toContain('OverridesBanner');
    expect(drawn).not.toContain('Popup');
    expect(document.querySelector('.banner .status')?.textContent).toContain('2 overrides in this tab');
  });

  it('keeps "updated N min ago" true while the popup stays open, with no click to draw it again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(1_000_000_000_000);
      const background = fakeBackground();
      const client = createBackgroundClient(async (message: Envelope) => {
        const answer = await background.client.request(message.type as 'popup/state', message.data as { tabId: number });
        return { ok: true, result: message.type === 'popup/state' ? { ...answer, catalogue: { ...answer.catalogue!, fetchedAt: Date.now() } } : answer };
      });
      const model = createPopupModel({ client, tabId: 3, openOptions: () => undefined });
      await model.load();
      const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
      Object.assign(globalThis, { document });
      render(h(Popup, { model }), document.getElementById('app')!);
      const status = () => document.querySelector('.catalogue-status')!.textContent;
      expect(status()).toContain('updated just now');
      await new Promise((resolve) => setTimeout(resolve, 150)); // Preact's effects (a real timer)
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(status()).toContain('updated 3 min ago');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rebuilds only the clicked flag\'s rows, and says which positions changed', () => {
    const background = fakeBackground();
    const build = createRowBuilder();
    const state = background.state();
    const before = build(state, state.page?.detections);
    const after = build({ ...state, overrides: { 'switch-3': true }, overrideSetAt: { 'switch-3': 10_000 } }, state.page?.detections);
    const changed = after.flatMap((row, i) => (row === before[i] ? [] : [i]));
    // switch-3's two rows; the page-only row, which no override concerns, is the same row.
    expect(changed.map((i) => after[i]!.flag.key)).toEqual(['switch-3', 'switch-3']);
    expect(build.changeOf(after)).toEqual({ before, changed });
    expect(build.changeOf(before)).toBeUndefined();
    // Overriding the page-only flag moves it out of the page's rows: the positions no longer line up.
    const moved = build({ ...state, overrides: { 'switch-3': true, 'page-only': 'y' }, overrideSetAt: { 'switch-3': 10_000, 'page-only': 10_000 } }, state.page?.detections);
    expect(moved[0]!.flag.key).toBe('page-only');
    expect(build.changeOf(moved)).toBeUndefined();
    // A flag the catalogue does not list, overridden, then changed: its row alone.
    const gone = build({ ...state, overrides: { 'switch-3': true, 'gone-flag': 1 }, overrideSetAt: {} }, state.page?.detections);
    const changedAgain = build({ ...state, overrides: { 'switch-3': true, 'gone-flag': 2 }, overrideSetAt: {} }, state.page?.detections);
    expect(build.changeOf(changedAgain)).toEqual({ before: gone, changed: [0] });
    expect(changedAgain[0]!.override).toBe(2);
  });
});
