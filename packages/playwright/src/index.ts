/**
 * @flagtab/playwright: Flagtab's overrides in Playwright tests, per browser context, on the
 * site's hosts only, in the wire format the extension sends (built from the same code,
 * lib/automation).
 *
 * @example
 * import { test, expect } from '@flagtab/playwright';
 * test.use({ flagtab: { site: 'shop' } });
 * test('express checkout', async ({ page, flagtab }) => {
 *   await flagtab.set('express-pay', true);
 *   await page.goto('/checkout');
 *   await expect(flagtab).toHaveHonoured('express-pay');
 * });
 */
import { expect as base, type Expect } from '@playwright/test';
import { toHaveHonoured } from './matcher';

export const expect: Expect<{ toHaveHonoured: typeof toHaveHonoured }> = base.extend({ toHaveHonoured });
export { test, type FlagtabFixtures, type FlagtabTestType } from './test';
export { flagCombinations, type Combination, type CombinationFlag, type CombinationStrategy } from './combinations';
export type { FlagtabOptions } from './options';
export type { Flagtab, FlagtabSite } from './session';
export type { JsonValue } from '../../../lib/json-value';
