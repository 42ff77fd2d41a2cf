import { expect, test } from '../src/index';

// The shop at FLAGTAB_SIGNED_DEMO_URL honours only overrides signed by an authorized key; the
// site in FLAGTAB_SIGNED_CONFIG signs (its signed transport is on), with FLAGTAB_KEY_FILE's key.
test.use({ flagtab: { site: 'shop', config: process.env.FLAGTAB_SIGNED_CONFIG } });

test('a signed override is accepted', async ({ page, flagtab }) => {
  await flagtab.set('express-pay', true);
  await page.goto('/checkout?w=signed');
  await expect(page.getByRole('heading', { name: 'Express Checkout' })).toBeVisible();
  await expect(flagtab).toHaveHonoured('express-pay');
});

test.describe('without a key', () => {
  test.use({ flagtab: { site: 'shop', config: process.env.FLAGTAB_SIGNED_CONFIG, keyFile: false } });

  test('the matcher says the server rejected the override', async ({ page, flagtab }) => {
    await flagtab.set('express-pay', true);
    await page.goto('/checkout?w=unsigned');
    await expect(page.getByRole('heading', { name: 'Classic checkout' })).toBeVisible();
    await expect(expect(flagtab).toHaveHonoured('express-pay')).rejects.toThrow(/The server rejected the overrides \(X-Feature-Flags-Status: rejected; reason=unsigned/);
    expect(test.info().annotations.map((a) => a.description).join('\n')).toContain('verifies signed overrides');
  });
});
