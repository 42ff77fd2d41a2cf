import { expect, test } from '../src/index';

// A suite's own fixtures on top: test.extend() keeps test.use({ flagtab }) working.
const shopTest = test.extend<{ checkoutPath: string }>({ checkoutPath: '/checkout?w=extended' });
shopTest.use({ flagtab: { site: 'shop', values: { 'express-pay': true } } });

shopTest('a test made with extend() takes the flagtab option', async ({ page, flagtab, checkoutPath }) => {
  expect(flagtab.values).toEqual({ 'express-pay': true });
  await page.goto(checkoutPath);
  await expect(page.getByRole('heading', { name: 'Express Checkout' })).toBeVisible();
  await expect(flagtab).toHaveHonoured('express-pay');
});
