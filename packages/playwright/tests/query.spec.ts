import { expect, test } from '../src/index';

// The site in FLAGTAB_QUERY_CONFIG also sends its overrides in the address (the query transport).
test.use({ flagtab: { site: 'shop', config: process.env.FLAGTAB_QUERY_CONFIG } });

test('the query transport puts the overrides in the address of page loads only', async ({ page, flagtab }) => {
  await flagtab.set('new-checkout', true);
  await page.goto('/?w=query');
  expect(new URL(page.url()).searchParams.get('flags')).toBe('new-checkout=true');
  await expect(page.locator('#api-result')).toContainText('new-checkout');
  await expect(page.getByRole('heading', { name: 'New checkout' })).toBeVisible();
});
