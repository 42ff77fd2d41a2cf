import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';
import { useDemoAndExtension } from './support/environment';
import { HOSTILE_HONEST } from '../../demo/markers/hostile';

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** Everything a page must never be able to change: configuration, tokens, overrides, rules. */
async function extensionState() {
  const sw = await env.ext.worker();
  const [local, session] = await Promise.all([
    sw.evaluate(() => chrome.storage.local.get(['config', 'secrets.v1'])),
    sw.evaluate(() => chrome.storage.session.get('overrides.v1')),
  ]);
  const rules = (await sessionRules(env.ext)).map((r) => ({ action: r.action, condition: r.condition }));
  return { local, session, rules };
}

describe('a hostile page', () => {
  it('cannot change extension state, and the popup stays correct and usable', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/checkout`);
    const tabId = await tabIdOf(env.ext, tab);
    const popup = await PopupPage.open(env.ext, tabId);
    await popup.setSwitch('new-checkout', true);
    const before = await extensionState();

    // Huge markers, 20,000 flagged elements, 100,000 forged bridge messages, forged commands.
    await tab.goto(`${env.demo.siteOrigin}/markers/hostile`);
    await tab.locator('body[data-flood="done"]').waitFor({ timeout: 30_000 });
    // The page has no way to talk to the extension directly.
    expect(await tab.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');

    // The honest markers come through, correctly, next to the junk.
    await popup.page.getByRole('searchbox', { name: 'Search flags' }).fill('honest');
    await expect.poll(() => popup.pageLine(HOSTILE_HONEST.meta.key).textContent(), { timeout: 20_000 }).toBe('On page: true · page <meta>');
    expect(await popup.pageLine(HOSTILE_HONEST.script.key).textContent()).toBe('On page: yes · page data-flag-values');
    expect(await popup.pageLine(HOSTILE_HONEST.element.key).textContent()).toBe('On page: 42 · page element · 1 element');

    // The caps held, and the popup says what was left out.
    const summary = await popup.pageSummary().textContent();
    const reported = Number(/^(\d+) flags reported/.exec(summary ?? '')?.[1]);
    expect(reported).toBeGreaterThan(3);
    expect(reported).toBeLessThanOrEqual(2000);
    await popup.page.getByText(/note\(s\) about this page/).click();
    const notes = await popup.page.locator('.page-status .warnings li').allTextContents();
    expect(notes.join('\n')).toMatch(/MB; Flagtab reads at most 64 KB/);

    // Still usable: the next click takes effect, and nothing else changed.
    await popup.page.getByRole('searchbox', { name: 'Search flags' }).fill('');
    await popup.chooseVariant('hero-banner', 'b');
    const after = await extensionState();
    expect(after.local).toEqual(before.local);
    const overrides = (after.session['overrides.v1'] as Record<string, Record<string, { values: object }>>)[String(tabId)];
    expect(overrides?.['demo-shop']?.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
    expect(Object.keys(after.session['overrides.v1'] as object)).toEqual([String(tabId)]);
    expect(after.rules.every((r) => JSON.stringify(r.condition.tabIds) === JSON.stringify([tabId]))).toBe(true);
    expect(after.rules.every((r) => JSON.stringify(r.condition.requestDomains) === JSON.stringify(['shop.localhost']))).toBe(true);
    await popup.page.close();
  });
});
