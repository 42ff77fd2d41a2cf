/**
 * The first screens a new tester sees, laid out as designed: the popup's lines above the flags
 * stay short (source, age and Refresh on one line; the page's count and its filters on one), and
 * a new site's card in the options page folds "Signed overrides" to one line until it is used.
 * Set SHOTS=<dir> to keep the screenshots (light and dark) for a look.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();
const SHOTS = process.env.SHOTS;

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

const box = async (locator: Locator) => (await locator.boundingBox())!;
/** Whether two elements sit on one line: their vertical middles within a few pixels. */
const oneLine = async (a: Locator, b: Locator) => {
  const [first, second] = [await box(a), await box(b)];
  return Math.abs((first.y + first.height / 2) - (second.y + second.height / 2)) < 6;
};

async function shoot(page: Page, name: string, target: Page | Locator = page): Promise<void> {
  if (!SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Transitions finished: a picture taken just after the switch shows colours half-way.
    await target.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, animations: 'disabled' });
  }
}

async function openOptions(): Promise<Page> {
  const options = await env.ext.context.newPage();
  await options.setViewportSize({ width: 960, height: 720 });
  await options.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
  return options;
}

describe('first screens', () => {
  it('popup: source, age and Refresh on one line, the page\'s count with its filters on one, the first flag high', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    const { page } = popup;
    await page.setViewportSize({ width: 400, height: 760 });
    await popup.flagSwitch('new-checkout').waitFor();
    await expect.poll(() => popup.pageSummary().textContent()).toBe('7 flags reported by the page');
    await expect.poll(() => page.locator('.catalogue-status').textContent()).toBe('Flags file (flagd or JSON list) · updated just now');

    const refresh = page.getByRole('button', { name: 'Refresh catalogue' });
    const onlyOnPage = page.getByRole('checkbox', { name: 'Only flags on this page' });
    const outline = page.getByRole('checkbox', { name: 'Outline flagged elements' });
    expect(await oneLine(page.locator('.catalogue-status'), refresh)).toBe(true);
    expect(await oneLine(popup.pageSummary(), onlyOnPage)).toBe(true);
    expect(await oneLine(onlyOnPage, outline)).toBe(true);
    const firstRow = await box(page.locator('li[data-flag-key]').first());
    console.log(`first flag row at y=${firstRow.y}`);
    // 224 px before the lines were made compact; 7 lines of status no longer fit above it.
    expect(firstRow.y).toBeLessThan(200);
    await shoot(page, 'popup');

    // The filter chips are still checkboxes: Space ticks one.
    await onlyOnPage.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => onlyOnPage.isChecked()).toBe(true);
    await shoot(page, 'popup-filtered');
    await Promise.all([tab.close(), page.close()]);
  });

  it('options: a new site\'s "Signed overrides" is one line until opened, its controls named as before', async () => {
    const options = await openOptions();
    const card = options.locator('li.site').first();
    const fold = card.locator('section.signing > details');
    await expect.poll(() => fold.locator('summary').textContent()).toBe('Signed overrides off: open to make a key or use a team secret');
    const who = options.getByRole('textbox', { name: 'Your name or e-mail (the server sees who signed)' });
    expect(await who.isVisible()).toBe(false);
    console.log(`new flags-file site card height=${(await box(card)).height}`);
    await shoot(options, 'card', card);

    // Opened from the keyboard, as a disclosure: every control is there under its own name.
    await fold.locator('summary').focus();
    await options.keyboard.press('Enter');
    await who.waitFor();
    await options.getByRole('button', { name: 'Generate signing key for Demo Shop' }).waitFor();
    await options.getByRole('textbox', { name: 'Team secret (HS256)' }).waitFor();
    await shoot(options, 'card-open', card);
    await options.close();
  });

  it('options: with the signed transport on, "Signed overrides" is open from the start', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin, { transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } } })]);
    const options = await openOptions();
    await options.getByRole('button', { name: 'Generate signing key for Demo Shop' }).waitFor();
    expect(await options.locator('section.signing > details > summary').textContent()).toBe('Signed overrides on, but no signing key yet: overrides go unsigned');
    await options.close();
  });

  it('options: with a key but the transport off, it is open from the start and says the key signs nothing yet', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    const options = await openOptions();
    await options.locator('section.signing > details > summary').click();
    await options.getByLabel('Your name or e-mail').fill('qa@demo.example');
    await options.getByRole('button', { name: 'Generate signing key for Demo Shop' }).click();
    const kid = (await options.getByRole('textbox', { name: 'Line for the server\'s authorized keys' }).inputValue()).split(' ')[2];

    await options.reload();
    await options.getByRole('button', { name: 'Revoke key for Demo Shop' }).waitFor();
    expect(await options.locator('section.signing > details').getAttribute('open')).not.toBeNull();
    expect(await options.locator('section.signing > details > summary').textContent()).toBe(`Signed overrides off: key ${kid} signs nothing yet`);
    await options.close();
  });
});
