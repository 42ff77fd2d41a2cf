import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** axe's findings, one line each: rule, what it says, and where. */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

/** The element that has the keyboard focus, as "search" or the flag key of its row. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  if (el?.getAttribute('aria-label') === 'Search flags') return 'search';
  return el?.closest('li[data-flag-key]')?.getAttribute('data-flag-key') ?? el?.tagName ?? null;
});

describe('the popup, for everyone', () => {
  it('has no axe violations in light and dark, with overrides and a scenario; screenshots for the docs', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    const { page } = popup;
    await page.setViewportSize({ width: 400, height: 760 });
    await popup.setSwitch('new-checkout', true);
    await popup.chooseVariant('hero-banner', 'b');
    await page.getByRole('button', { name: 'Save as scenario…' }).click();
    await page.getByRole('textbox', { name: 'Scenario name' }).fill('New checkout, banner B');
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await page.getByRole('button', { name: 'Apply scenario New checkout, banner B' }).waitFor();
    await popup.chooseVariant('price-format', 'long');
    await expect.poll(() => popup.status().textContent()).toMatch(/^3 overrides in this tab · expire at /);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const found = await violations(page);
      expect(found, `axe in ${scheme}:\n${found.join('\n')}`).toEqual([]);
      // The expiry time would change the picture on every run: the docs show a fixed one.
      await page.locator('.status time').evaluate((el) => { el.textContent = '18:30'; });
      await page.screenshot({ path: `docs/images/popup-${scheme}.png`, fullPage: true });
    }
    await Promise.all([tab.close(), page.close()]);
  });

  it('works from the keyboard: / searches, Esc clears then leaves, arrows move, Space toggles and the rule reaches the shop', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    const { page } = popup;
    const search = page.getByRole('searchbox', { name: 'Search flags' });
    await popup.flagSwitch('free-shipping').waitFor();

    await page.keyboard.press('/');
    expect(await focused(page)).toBe('search');
    await page.keyboard.type('free-ship');
    await expect.poll(() => page.locator('p.count').textContent()).toMatch(/^1 of \d+ flags$/);
    await page.keyboard.press('Escape');
    expect(await search.inputValue()).toBe('');
    expect(await focused(page)).toBe('search');
    await page.keyboard.press('Escape');
    expect(await focused(page)).not.toBe('search');

    // The arrows walk the rows (skipping group headings) and back up to the search.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).not.toBe('search');
    const first = await focused(page);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).not.toBe(first);
    const second = await focused(page);
    const keys = await page.locator('li[data-flag-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flag-key')));
    expect(keys.slice(0, 2)).toEqual([first, second]);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(page)).toBe(first);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused(page)).toBe('search');

    // Space on a boolean's row switches it: free-shipping is on by default, so off in this tab.
    await page.keyboard.type('free-shipping');
    await expect.poll(() => page.locator('p.count').textContent()).toMatch(/^1 of /);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).toBe('free-shipping');
    await page.keyboard.press('Space');
    await expect.poll(() => popup.flagSwitch('free-shipping').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Reset free-shipping' }).waitFor();
    env.demo.clearRequests();
    await tab.reload();
    const doc = await env.demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
    expect(doc.headerOverrides).toEqual({ 'free-shipping': false });

    // The shortcuts: one opens the popup, one resets the tab (three suggested; Chrome allows four).
    const commands = await (await env.ext.worker()).evaluate(() => chrome.runtime.getManifest().commands);
    expect(commands?._execute_action).toMatchObject({ suggested_key: { default: 'Alt+Shift+F' } });
    expect(commands?.['reset-tab']).toMatchObject({ suggested_key: { default: 'Alt+Shift+R' } });
    expect(Object.values(commands ?? {}).filter((c) => c.suggested_key).length).toBeLessThanOrEqual(4);
    await Promise.all([tab.close(), page.close()]);
  });
});
