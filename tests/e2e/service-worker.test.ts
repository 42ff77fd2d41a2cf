import { beforeAll, describe, expect, it } from 'vitest';
import { PWA_SCOPE } from '../../demo/pwa';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';
import { SidePanelPage } from './support/sidepanel';

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

describe('a page controlled by its own service worker', () => {
  it('is detected and said: the popup warns, the evidence records it, and what the worker fetched went without overrides', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}${PWA_SCOPE}`);
    await expect.poll(() => tab.locator('#pwa-api').textContent(), { timeout: 10_000 }).toMatch(/^\{/);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await popup.setSwitch('new-checkout', true);

    // Reloaded under the override: the worker now controls the page from its first request.
    env.demo.clearRequests();
    await tab.reload();
    await expect.poll(() => tab.locator('#pwa-api').textContent(), { timeout: 10_000 }).toMatch(/^\{/);
    const api = await env.demo.waitForRequest((r) => r.path === `${PWA_SCOPE}api`);
    const documentRequest = await env.demo.waitForRequest((r) => r.path === PWA_SCOPE);

    // What the platform does (Chrome gives a page's service worker tabId -1, and a rule scoped to
    // the tab does not match it): both the page and its API call went without the override.
    expect(api.headers['x-feature-flags']).toBeUndefined();
    expect(api.headers.cookie ?? '').not.toContain('flagtab=');
    expect(documentRequest.headers['x-feature-flags']).toBeUndefined();
    expect(JSON.parse((await tab.locator('#pwa-api').textContent())!)).toEqual({ overrides: {} });

    // What the tester is told.
    const note = popup.page.getByRole('note').filter({ hasText: 'service worker' });
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toContain('This page is controlled by its own service worker.');
    expect(await note.textContent()).toContain('carry none of your overrides');

    // What the sign-off says.
    const panel = await SidePanelPage.open(env.ext, tabId);
    await expect.poll(() => panel.evidence().textContent(), { timeout: 10_000 }).toContain('Service worker');
    expect(await panel.evidence().textContent()).toContain('requests the worker made itself carried no overrides');
    await Promise.all([panel.page.close(), popup.page.close(), tab.close()]);
  });

  it('cannot be reached without leaking: a rule for requests with no tab, limited to the site, reaches every tab\'s worker', async () => {
    // Why Flagtab detects and says instead of reaching into the worker. Requests from a page's
    // service worker match only a rule with tabIds [-1] (TAB_ID_NONE); the worker is shared by
    // every tab of the origin, so such a rule sends the header for all of them, tab B included.
    // https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#property-RuleCondition-tabIds
    const PROBE_RULE = 9_000_001; // outside Flagtab's override range (lib/overrides/rules.ts)
    const tabB = await env.ext.context.newPage();
    await tabB.goto(`${env.demo.siteOrigin}${PWA_SCOPE}`);
    await expect.poll(() => tabB.locator('#pwa-api').textContent(), { timeout: 10_000 }).toMatch(/^\{/);
    const sw = await env.ext.worker();
    await sw.evaluate((id) => chrome.declarativeNetRequest.updateSessionRules({
      addRules: [{
        id, priority: 1,
        action: { type: chrome.declarativeNetRequest.RuleActionType.MODIFY_HEADERS, requestHeaders: [{ header: 'x-probe', operation: chrome.declarativeNetRequest.HeaderOperation.SET, value: 'worker' }] },
        condition: { tabIds: [chrome.tabs.TAB_ID_NONE], initiatorDomains: ['shop.localhost'], requestDomains: ['shop.localhost'], resourceTypes: [chrome.declarativeNetRequest.ResourceType.XMLHTTPREQUEST] },
      }],
    }), PROBE_RULE);
    try {
      env.demo.clearRequests();
      await tabB.reload();
      const api = await env.demo.waitForRequest((r) => r.path === `${PWA_SCOPE}api`);
      expect(api.headers['x-probe']).toBe('worker'); // tab B was never overridden
    } finally {
      await sw.evaluate((id) => chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] }), PROBE_RULE);
      await tabB.close();
    }
  });

  it('says nothing on a page no service worker controls', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/markers`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await expect.poll(() => popup.pageSummary().textContent(), { timeout: 10_000 }).toMatch(/flags? reported by the page/);
    expect(await popup.page.locator('.service-worker').count()).toBe(0);
    await Promise.all([popup.page.close(), tab.close()]);
  });
});
