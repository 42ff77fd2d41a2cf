import { expect, flagCombinations, test } from '../src/index';
import { rendezvous } from './support';

// Pages carry ?w=<test> so the wrapper (tests/unit/playwright/fixture.test.ts) can tell whose
// requests reached the demo shop; sub-requests name the page in their Referer.
test.use({ flagtab: { site: 'shop', scenario: 'new-checkout-b' } });

test('express checkout', async ({ page, flagtab }) => {
  await flagtab.set('express-pay', true);
  await page.goto('/checkout');
  await expect(page.getByRole('heading', { name: 'Express Checkout' })).toBeVisible();
  await expect(flagtab).toHaveHonoured('express-pay');
});

test.describe('two workers at once', () => {
  const workers = [{ name: 'worker-a', maxItems: 5, banner: 'c' }, { name: 'worker-b', maxItems: 10, banner: 'd' }];
  for (const { name, maxItems, banner } of workers) {
    test(name, async ({ page, flagtab }) => {
      await flagtab.use('new-checkout-b');
      await flagtab.set({ 'max-items': maxItems, 'hero-banner': banner });
      await rendezvous(name, workers.map((w) => w.name));
      for (let load = 0; load < 4; load++) {
        await page.goto(`/?w=${name}`);
        await expect(page.locator('#max-items')).toHaveText(String(maxItems));
        await expect(page.locator('#api-result')).toContainText('new-checkout');
      }
      await expect(flagtab).toHaveHonoured('max-items');
    });
  }
});

test('a third-party host gets nothing, and the page keeps its own cookies', async ({ page, context, baseURL, flagtab }) => {
  await context.addCookies([{ name: 'sid', value: 'own-cookie', url: baseURL! }]);
  await flagtab.set('express-pay', true);
  await page.goto('/?w=third-party');
  await expect(page.locator('#tracker-status')).toHaveText('Tracker loaded');
  await expect(page.getByRole('heading', { name: 'Express Checkout' })).toBeVisible();
});

test('the matcher fails when the server ignores the override', async ({ page, flagtab }) => {
  await flagtab.set('express-pay', true);
  await page.goto('/ignores-overrides/checkout?w=ignored');
  await expect(page.getByRole('heading', { name: 'Classic checkout' })).toBeVisible();
  await expect(expect(flagtab).toHaveHonoured('express-pay')).rejects.toThrow('the server ignored the override of express-pay');
  await expect(flagtab).not.toHaveHonoured('express-pay');
});

test('the matcher waits for a response still on its way', async ({ page, flagtab }) => {
  await page.goto('/?w=before-late');
  await flagtab.set('max-items', 10);
  // The page asks again after half a second; the matcher starts before that.
  await page.evaluate(() => void setTimeout(() => void fetch('/api/features?w=late'), 500));
  await expect(flagtab).toHaveHonoured('max-items');
});

test('reset clears every override; use() replaces them with a scenario', async ({ page, flagtab }) => {
  expect(flagtab.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
  await flagtab.reset();
  expect(flagtab.values).toEqual({});
  await page.goto('/checkout?w=reset');
  await expect(page.getByRole('heading', { name: 'Classic checkout' })).toBeVisible();
  await flagtab.use('New checkout, banner B');
  await page.goto('/checkout?w=scenario');
  await expect(page.getByRole('heading', { name: 'New checkout' })).toBeVisible();
  await expect(flagtab).toHaveHonoured('new-checkout');
});

test('flags and values are checked against the catalogue', async ({ flagtab }) => {
  await expect(flagtab.set('express-payment', true)).rejects.toThrow('site "shop" has no flag "express-payment"; did you mean "express-pay"');
  await expect(flagtab.set('express-pay', 'yes')).rejects.toThrow('"yes" is not a value of express-pay');
  await expect(flagtab.use('no-such-scenario')).rejects.toThrow('site "shop" has no scenario "no-such-scenario"');
  expect(flagtab.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
  // Changes not awaited one by one still all land, in order.
  await Promise.all([flagtab.set('max-items', 10), flagtab.set('express-pay', true), flagtab.set('max-items', 5)]);
  expect(flagtab.values).toEqual({ 'new-checkout': true, 'hero-banner': 'b', 'max-items': 5, 'express-pay': true });
});

const combinations = flagCombinations([{ key: 'new-checkout', values: [true, false] }, { key: 'max-items', values: [3, 5, 10] }], { strategy: 'pairwise' });
for (const combination of combinations) {
  test(`pairwise: ${combination.name}`, async ({ page, flagtab }) => {
    await flagtab.set(combination.values);
    await page.goto('/');
    await expect(page.locator('#max-items')).toHaveText(String(combination.values['max-items']));
    await expect(flagtab).toHaveHonoured('new-checkout');
    await expect(flagtab).toHaveHonoured('max-items');
  });
}
