import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

beforeAll(async () => {
  // Every source on, as a new site gets it: the SDK's word must win over the echo of the document.
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** Opens an SDK demo page in a new tab and waits until its app has rendered once. */
async function openSdkPage(sdk: string): Promise<Page> {
  const tab = await env.ext.context.newPage();
  await tab.goto(`${env.demo.siteOrigin}/sdk/${sdk}`);
  await tab.locator('#sdk-status', { hasText: 'ready' }).waitFor();
  return tab;
}

const shown = (tab: Page, key: string) => tab.locator(`#sdk-${key}`).textContent();

const SDKS = [
  { sdk: 'openfeature', label: 'OpenFeature SDK' },
  { sdk: 'growthbook', label: 'GrowthBook SDK' },
  { sdk: 'launchdarkly', label: 'LaunchDarkly SDK' },
] as const;

describe('client-side SDKs in the page, through the extension', () => {
  for (const { sdk, label } of SDKS) {
    it(`${label}: lists its evaluations, and an override changes what it returns in that tab only`, async () => {
      const tab = await openSdkPage(sdk);
      const other = await openSdkPage(sdk);
      const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
      await expect.poll(() => popup.pageSummary().textContent()).toContain(`SDKs: ${sdk}`);
      await expect.poll(() => popup.pageLine('new-checkout').textContent()).toMatch(new RegExp(`^On page: false · ${label}( \\(.*\\))?$`));
      expect(await shown(tab, 'new-checkout')).toBe('false');

      // The page needs no reload: the bridge applies the override inside the SDK, and the app re-renders.
      await popup.setSwitch('new-checkout', true);
      await expect.poll(() => shown(tab, 'new-checkout')).toBe('true');
      await expect.poll(() => popup.pageLine('new-checkout').textContent())
        .toMatch(new RegExp(`^✓ Page uses true · ${label} \\(.*forced (in the page )?by Flagtab\\)$`));
      expect(await popup.warnings().count()).toBe(0);

      // Another tab on the same page keeps the SDK's own value.
      await other.reload();
      await other.locator('#sdk-status', { hasText: 'ready' }).waitFor();
      expect(await shown(other, 'new-checkout')).toBe('false');

      // Reset: the SDK's own value comes back in the overridden tab.
      await popup.resetAll();
      await expect.poll(() => shown(tab, 'new-checkout')).toBe('false');
      await Promise.all([popup.page.close(), tab.close(), other.close()]);
    });
  }

  it('does not force values when the site says "watch only", and then warns that the SDK ignores the override', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin, { detection: { echoHeader: { enabled: false, name: 'X' }, markers: true, sdks: true, forceInSdks: false } })]);
    try {
      const tab = await openSdkPage('growthbook');
      const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
      await popup.setSwitch('new-checkout', true);
      await popup.page.getByRole('button', { name: 'Reload tab' }).click();
      await tab.locator('#sdk-status', { hasText: 'ready' }).waitFor();
      expect(await shown(tab, 'new-checkout')).toBe('false');
      await expect.poll(() => popup.warnings().allTextContents()).toEqual([
        expect.stringMatching(/^⚠ Not honoured: page uses false, not your true · GrowthBook SDK \(.*\)$/),
      ]);
      await popup.page.close();
    } finally {
      await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    }
  });
});
