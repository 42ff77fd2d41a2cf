import { describe, expect, it } from 'vitest';
import { stopServiceWorker, tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

describe('override lifecycle in real Chromium', () => {
  it('after the service worker is stopped, overrides still apply and the popup still tells the truth', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await popup.setSwitch('new-checkout', true);
    await popup.chooseVariant('hero-banner', 'c');
    await popup.page.close();
    const rulesOfTab = async () => (await sessionRules(env.ext)).filter((r) => r.condition.tabIds?.includes(tabId));
    const rulesBefore = await rulesOfTab();
    expect(rulesBefore).toHaveLength(1);

    await stopServiceWorker(env.ext);

    // The network keeps the rules while the worker sleeps.
    env.demo.clearRequests();
    await tab.reload();
    const doc = await env.demo.waitForRequest((r) => r.path === '/');
    expect(doc.headerOverrides).toEqual({ 'new-checkout': true, 'hero-banner': 'c' });

    // Opening the popup wakes the worker, which reads its state back from storage.session.
    const reopened = await PopupPage.open(env.ext, tabId);
    await expect.poll(() => reopened.flagSwitch('new-checkout').isChecked()).toBe(true);
    expect(await reopened.chosenVariant('hero-banner')).toBe('c');
    await expect.poll(() => reopened.status().textContent()).toMatch(/^2 overrides in this tab/);
    // Waking up reconciled without rebuilding: the same rules, the same ids.
    expect(await rulesOfTab()).toEqual(rulesBefore);

    await reopened.resetAll();
    await eventually(rulesOfTab, (rules) => expect(rules).toEqual([]));
    await Promise.all([tab.close(), reopened.page.close()]);
  });

  it('an override expires by itself: gone from the rules, the badge and the popup', async () => {
    // Three seconds instead of eight hours, so the alarm fires during the test.
    await configure(env.ext, [demoSite(env.demo.siteOrigin, { expiryMinutes: 0.05 })]);
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await popup.setSwitch('new-checkout', true);
    const rulesOfTab = async () => (await sessionRules(env.ext)).filter((r) => r.condition.tabIds?.includes(tabId));
    expect(await rulesOfTab()).toHaveLength(1);

    // Nobody opens the popup: the alarm alone must clean up.
    await eventually(rulesOfTab, (rules) => expect(rules).toEqual([]), 45_000);
    const sw = await env.ext.worker();
    await eventually(() => sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), (text) => expect(text).toBe(''));

    env.demo.clearRequests();
    await tab.reload();
    expect((await env.demo.waitForRequest((r) => r.path === '/')).headers['x-feature-flags']).toBeUndefined();
    await popup.reload();
    await popup.page.getByText('No overrides in this tab').waitFor();
    expect(await popup.flagSwitch('new-checkout').isChecked()).toBe(false);
    await Promise.all([tab.close(), popup.page.close()]);
  }, 90_000);
});
