import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stopServiceWorker, tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually, storeTrackerToken } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';
import { useDemoAndExtension } from './support/environment';
import { SidePanelPage } from './support/sidepanel';
import { PROTO_DONE_KEY, PROTO_FORGED, PROTO_KEYS } from '../../demo/markers/hostile';
import { DETECTION_BUDGET } from '../../lib/detect/budget';

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** Flagtab's detection records in storage.session, by tab id. */
async function detectionRecords(): Promise<Record<string, { flags: Record<string, Record<string, { value?: unknown }>>; notes: string[] }>> {
  const sw = await env.ext.worker();
  const all = await sw.evaluate(() => chrome.storage.session.get(null));
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('detect.v1:')).map(([k, v]) => [k.slice('detect.v1:'.length), v])) as never;
}

/** Waits until the page's own content script has said hello (it is registered on the site). */
async function openOnSite(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await env.ext.context.newPage();
  await page.goto(`${env.demo.siteOrigin}${path}`);
  return { page, tabId: await tabIdOf(env.ext, page) };
}

describe('security in real Chromium', () => {
  it('a content script cannot read tokens: storage is closed to untrusted contexts', async () => {
    await storeTrackerToken(env.ext, 'demo-shop', 'secret-tracker-token', 'http://jira.localhost:5178');
    const { page, tabId } = await openOnSite('/');
    const sw = await env.ext.worker();
    // Code in the page's ISOLATED world is a content script of Flagtab, with its chrome.storage.
    const attempts = await sw.evaluate(async (id) => {
      const [injected] = await chrome.scripting.executeScript({
        target: { tabId: id },
        world: 'ISOLATED',
        func: async () => {
          const attempt = async (area: chrome.storage.StorageArea) => {
            try {
              return { read: JSON.stringify(await area.get(null)) };
            } catch (error) {
              return { refused: String(error) };
            }
          };
          return { local: await attempt(chrome.storage.local), session: await attempt(chrome.storage.session) };
        },
      });
      return injected?.result;
    }, tabId);
    expect(attempts?.local).toEqual({ refused: expect.stringMatching(/not allowed from this context/) });
    expect(attempts?.session).toEqual({ refused: expect.stringMatching(/not allowed from this context/) });
    expect(JSON.stringify(attempts)).not.toContain('secret-tracker-token');
    // The worker still reads them.
    expect(JSON.stringify(await sw.evaluate(() => chrome.storage.local.get('secrets.v1')))).toContain('secret-tracker-token');
    await page.close();
  });

  it('a page reporting __proto__, constructor and toString by marker and by SDK changes nothing for another tab', async () => {
    // Its URL carries a token, as magic links do: the evidence must not.
    const honest = await openOnSite('/markers?magic=s3cret-token#access_token=abc');
    const hostile = await openOnSite('/markers/proto');
    await hostile.page.locator('body[data-posted="done"]').waitFor();
    // Once the page's report is in: any pollution would show in the honest tab from now on.
    const sw = await env.ext.worker();
    await eventually(detectionRecords, (r) => expect(r[String(hostile.tabId)]?.flags[PROTO_DONE_KEY]?.openfeature?.value).toBe(true), 20_000);
    // The worker's Object.prototype is untouched.
    expect(await sw.evaluate(() => Object.getOwnPropertyNames(Object.prototype).filter((n) => ['meta', 'element', 'script', 'openfeature', 'echo-header'].includes(n)))).toEqual([]);

    // The honest tab's popup shows what its page said, and nothing forged.
    const popup = await PopupPage.open(env.ext, honest.tabId);
    await expect.poll(() => popup.pageSummary().textContent(), { timeout: 20_000 }).toMatch(/flags reported/);
    expect(await popup.page.locator('body').textContent()).not.toContain(PROTO_FORGED);
    // Nor does its sign-off evidence; and the evidence URL has no query or fragment.
    const panel = await SidePanelPage.open(env.ext, honest.tabId);
    await expect.poll(() => panel.evidence().textContent(), { timeout: 20_000 }).toContain(`${env.demo.siteOrigin}/markers`);
    const evidence = await panel.evidence().textContent();
    expect(evidence).not.toContain(PROTO_FORGED);
    expect(evidence).not.toMatch(/s3cret|access_token/);
    await panel.page.close();
    // Its report is kept as what it is: flags with those names. Read in the worker: Playwright's
    // own copy of a returned object would lose a "__proto__" key on the way.
    const protoFlags = (tabId: number) => sw.evaluate(async ({ id, keys }) => {
      const record = (await chrome.storage.session.get(`detect.v1:${id}`))[`detect.v1:${id}`] as { flags: Record<string, Record<string, { value?: unknown }>> } | undefined;
      const flags = record?.flags ?? {};
      return keys.map((key) => Object.hasOwn(flags, key) ? [key, flags[key]!.openfeature?.value, flags[key]!.element?.value, flags[key]!.meta?.value] : [key]);
    }, { id: tabId, keys: [...PROTO_KEYS] });
    await eventually(() => protoFlags(hostile.tabId), (flags) => {
      expect(flags).toEqual(PROTO_KEYS.map((key) => [key, PROTO_FORGED, PROTO_FORGED, PROTO_FORGED]));
    }, 20_000);
    expect(await protoFlags(honest.tabId)).toEqual(PROTO_KEYS.map((key) => [key]));
    expect(JSON.stringify((await detectionRecords())[String(honest.tabId)] ?? {})).not.toContain(PROTO_FORGED);

    // The hostile tab's popup lists the page's flags, forged value and all, as page data.
    const own = await PopupPage.open(env.ext, hostile.tabId);
    await expect.poll(() => own.pageSummary().textContent(), { timeout: 20_000 }).toMatch(/^\d+ flags reported/);
    await Promise.all([popup.page.close(), own.page.close(), honest.page.close(), hostile.page.close()]);
  });

  it('flooding pages stay within the detection budget, and the next override click takes effect', async () => {
    const floods = [await openOnSite('/markers/flood'), await openOnSite('/markers/flood')];
    await Promise.all(floods.map((f) => f.page.locator('body[data-flood="done"]').waitFor({ timeout: 60_000 })));
    const sw = await env.ext.worker();
    // Everything reported has been stored (or trimmed) once each tab's record notes the budget.
    await eventually(detectionRecords, (r) => {
      for (const f of floods) expect(r[String(f.tabId)]?.notes.join('\n')).toMatch(/more than Flagtab keeps for one tab/);
    }, 60_000);
    const bytes = await sw.evaluate(() => chrome.storage.session.getBytesInUse(null));
    expect(bytes).toBeLessThan(DETECTION_BUDGET.totalBytes + 256 * 1024);

    const { page, tabId } = floods[0]!;
    const popup = await PopupPage.open(env.ext, tabId);
    // The flood's thousands of reported flags come first in the list: find the flag as a person would.
    await popup.page.getByRole('searchbox', { name: 'Search flags' }).fill('new-checkout');
    await popup.setSwitch('new-checkout', true);
    await popup.page.getByText(/more than Flagtab keeps for one tab/).first().waitFor({ state: 'attached' });
    const state = (await sw.evaluate(() => chrome.storage.session.get('overrides.v1')))['overrides.v1'] as Record<string, Record<string, { values: object }>>;
    expect(state[String(tabId)]?.['demo-shop']?.values).toEqual({ 'new-checkout': true });
    env.demo.clearRequests();
    await page.reload();
    expect((await env.demo.waitForRequest((r) => r.path === '/markers/flood')).headerOverrides).toEqual({ 'new-checkout': true });
    await popup.resetAll();
    await Promise.all([popup.page.close(), ...floods.map((f) => f.page.close())]);
  }, 180_000);

  it('children opened while the worker slept and then closed leave no detection record', async () => {
    const parent = await openOnSite('/');
    await stopServiceWorker(env.ext);
    const opened: Page[] = [];
    const collect = (page: Page) => void opened.push(page);
    env.ext.context.on('page', collect);
    await parent.page.evaluate((base) => {
      for (let i = 0; i < 10; i++) window.open(`${base}/?child=${i}`, '_blank');
    }, env.demo.siteOrigin);
    // Closed as soon as they exist, while their first requests and reports are under way.
    const children = await eventually(async () => opened, (pages) => expect(pages).toHaveLength(10), 30_000);
    env.ext.context.off('page', collect);
    const sw = await env.ext.worker();
    const ids = await eventually(
      () => sw.evaluate(async () => (await chrome.tabs.query({})).filter((t) => `${t.url ?? ''} ${t.pendingUrl ?? ''}`.includes('child=')).map((t) => t.id!)),
      (found) => expect(found).toHaveLength(10),
    );
    await Promise.all(children.map((c) => c.close()));
    await eventually(detectionRecords, (r) => expect(ids.filter((id) => r[String(id)])).toEqual([]), 20_000);
    // And after the worker's next start, still none (nor rules of theirs).
    await stopServiceWorker(env.ext);
    await parent.page.reload();
    await eventually(detectionRecords, (r) => expect(r[String(parent.tabId)]).toBeDefined(), 20_000);
    const records = await detectionRecords();
    expect(ids.filter((id) => records[String(id)])).toEqual([]);
    expect((await sessionRules(env.ext)).filter((rule) => ids.some((id) => rule.condition.tabIds?.includes(id)))).toEqual([]);
    await parent.page.close();
  }, 120_000);
});
