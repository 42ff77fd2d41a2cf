import { expect, test } from '../src/index';

// No test.use here: the project in playwright.config.ts gives `flagtabOptions`.
test('the options can come from playwright.config.ts as flagtabOptions', async ({ page, flagtab }) => {
  expect(flagtab.values).toEqual({ 'max-items': 10 });
  await page.goto('/?w=config-options');
  await expect(page.locator('#max-items')).toHaveText('10');
});
