import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createOverrideEngine, type EngineDeps } from '../../lib/overrides/engine';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { createShareOffers } from '../../lib/share/offers';
import { shareUrl } from '../../lib/share/codec';
import { createTabBadge, type ActionApi } from '../../lib/background/tab-badge';
import { SHARE_BADGE, SHARE_TITLE } from '../../lib/background/share';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { createFakeDnr } from '../support/fake-dnr';

const SHOP: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};
const PAGE = 'https://shop.example.com/checkout';

/**
 * The toolbar button as the browser shows it per tab: what the calls set, and how many there
 * were. A new document puts a tab's badge and title back to the manifest's (Chrome and Firefox).
 */
function toolbar() {
  const shown = new Map<number, { text?: string; title?: string }>();
  const calls: string[] = [];
  const on = (tabId: number) => shown.get(tabId) ?? shown.set(tabId, {}).get(tabId)!;
  const action: ActionApi = {
    async setBadgeText({ tabId, text }) { calls.push('setBadgeText'); on(tabId).text = text; },
    async setBadgeBackgroundColor() { calls.push('setBadgeBackgroundColor'); },
    async setTitle({ tabId, title }) { calls.push('setTitle'); on(tabId).title = title; },
  };
  const seen = (tabId: number) => ({ text: shown.get(tabId)?.text ?? '', title: shown.get(tabId)?.title ?? 'Flagtab' });
  return { action, calls, seen, newDocument: (tabId: number) => shown.delete(tabId) };
}

/** The engine, share offers and badge as lib/background/main.ts wires them, on a page that loaded with its overrides. */
function background() {
  const bar = toolbar();
  const offers = createShareOffers({
    session: fakeBrowser.storage.session, sites: async () => [SHOP], knownKeys: async () => undefined,
    tabUrl: async () => undefined, setOverrides: async () => undefined,
  });
  const engine = createOverrideEngine({
    session: fakeBrowser.storage.session as unknown as EngineDeps['session'],
    dnr: createFakeDnr(),
    alarms: fakeBrowser.alarms as unknown as EngineDeps['alarms'],
    setBadge: createTabBadge({ action: bar.action, currentLoad: async () => undefined, offered: (tabId) => offers.offered(tabId) }),
    openTabIds: async () => [1, 2, 3],
    sites: async () => [SHOP],
    resourceTypes: CHROME_RESOURCE_TYPES,
    now: () => 1_000_000,
  });
  /** A top-level document committed in the tab (navigation.ts → main.ts's `committed`). */
  async function load(tabId: number, url: string) {
    bar.newDocument(tabId);
    await offers.documentCommitted(tabId, url);
    await engine.tabNavigated(tabId, url);
  }
  return { bar, engine, load };
}

describe('the toolbar badge on a page load', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a configured page loaded in a tab with nothing to show asks nothing of the toolbar button', async () => {
    const b = background();
    await b.load(2, PAGE);
    await b.load(2, `${PAGE}?step=2`);
    expect(b.bar.calls).toEqual([]);
    expect(b.bar.seen(2)).toEqual({ text: '', title: 'Flagtab' });
  });

  it('a tab whose overrides were reset says nothing again, and its next load asks nothing', async () => {
    const b = background();
    await b.engine.setOverride(1, 'shop', 'new-checkout', true);
    expect(b.bar.seen(1).text).toBe('1');
    await b.engine.resetTab(1);
    expect(b.bar.seen(1)).toEqual({ text: '', title: 'Flagtab' });
    b.bar.calls.length = 0;
    await b.load(1, PAGE);
    expect(b.bar.calls).toEqual([]);
  });

  it('a tab with overrides gets its count back on every new document', async () => {
    const b = background();
    await b.engine.setOverride(1, 'shop', 'new-checkout', true);
    await b.load(1, PAGE);
    expect(b.bar.seen(1)).toEqual({ text: '1', title: 'Flagtab' });
    await b.load(1, `${PAGE}?step=2`);
    expect(b.bar.seen(1)).toEqual({ text: '1', title: 'Flagtab' });
  });

  it('a share link waiting in the tab is said after its load, and the next load without one leaves the badge to the browser', async () => {
    const b = background();
    const made = shareUrl(PAGE, { v: 1, site: 'shop', values: { 'new-checkout': true } });
    if (!made.ok) throw new Error(made.reason);
    await b.load(3, made.url);
    expect(b.bar.seen(3)).toEqual({ text: SHARE_BADGE, title: SHARE_TITLE });
    b.bar.calls.length = 0;
    await b.load(3, PAGE);
    expect(b.bar.calls).toEqual([]);
    expect(b.bar.seen(3)).toEqual({ text: '', title: 'Flagtab' });
  });
});
