/**
 * Accessibility of the options page and the side panel in real Chromium: axe-core finds no
 * violation in light or dark. The same run saves the options page's pictures for the docs
 * (docs/images/options-{empty,editor}-{light,dark}.png), so they never go stale.
 */
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from '../../demo/browser/extension';
import { configure, demoSite, openAdvanced, startAddingSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';
import { SidePanelPage } from './support/sidepanel';

const env = useDemoAndExtension();
const SCHEMES = ['light', 'dark'] as const;

/** Each violation as "id: help" with every element's selector and what to fix, so a failure says what to change. */
async function violations(page: Page): Promise<string[]> {
  // The page types of playwright-core and of @axe-core/playwright's peer are the same object.
  const result = await new AxeBuilder({ page: page as never }).analyze();
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n  at ${node.target.join(' ')}\n  ${node.failureSummary ?? ''}`),
  );
}

async function openOptions(): Promise<Page> {
  const page = await env.ext.context.newPage();
  await page.setViewportSize({ width: 960, height: 720 });
  await page.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'Import and export' }).waitFor();
  return page;
}

describe('accessibility (axe) of the extension pages, light and dark', () => {
  it('options page, first run: the empty state', async () => {
    const options = await openOptions();
    await options.getByRole('button', { name: 'Add a site' }).waitFor();
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await violations(options), `axe, options empty state, ${scheme}`).toEqual([]);
      await options.screenshot({ path: `docs/images/options-empty-${scheme}.png` });
    }
    // The check itself works on an extension page: an unnamed control is reported.
    await options.evaluate(() => document.querySelector('main')!.append(document.createElement('select')));
    expect((await violations(options)).join('\n')).toMatch(/^select-name /m);
    await options.close();
  });

  it('options page: a site in the editor, provider chosen, Advanced open', async () => {
    const options = await openOptions();
    await startAddingSite(options);
    // Fixed addresses (nothing is fetched or saved here), so the pictures change only when the page does.
    await options.getByLabel('Site name').fill('Shop');
    await options.getByLabel('Hosts').fill('shop.example.com\napi.shop.example.com');
    await options.getByLabel('Catalogue URL').fill('https://flags.example.com/flags.json');
    await openAdvanced(options);
    const editor = options.locator('div.site', { has: options.locator('form.site-editor') });
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await violations(options), `axe, options editor, ${scheme}`).toEqual([]);
      await editor.screenshot({ path: `docs/images/options-editor-${scheme}.png` });
    }
    // With errors shown, as a person sees them: the expiry out of range, Advanced closed again
    // before Save, opens by itself to show it.
    await options.getByLabel('Expiry (hours)').fill('200');
    await options.locator('details.advanced > summary').click();
    await expect.poll(() => options.locator('details.advanced').getAttribute('open')).toBeNull();
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByRole('alert').filter({ hasText: 'Fix the fields marked below' }).waitFor();
    await options.getByText('must be at most 7 days (168 hours)').waitFor();
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await violations(options), `axe, options editor with errors, ${scheme}`).toEqual([]);
    }
    await options.close();
  });

  it('options page: a site\'s card, with "Signed overrides" folded and then opened', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    const options = await openOptions();
    const fold = options.locator('section.signing > details');
    await fold.locator('summary').waitFor();
    expect(await fold.getAttribute('open')).toBeNull();
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await violations(options), `axe, options site card folded, ${scheme}`).toEqual([]);
    }
    await fold.locator('summary').click();
    await options.getByRole('button', { name: 'Generate signing key for Demo Shop' }).waitFor();
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await violations(options), `axe, options site card opened, ${scheme}`).toEqual([]);
    }
    await options.close();
  });

  it('side panel: the sign-off form and the outbox', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const panel = await SidePanelPage.open(env.ext, await tabIdOf(env.ext, tab));
    for (const scheme of SCHEMES) {
      await panel.page.emulateMedia({ colorScheme: scheme });
      expect(await violations(panel.page), `axe, side panel form, ${scheme}`).toEqual([]);
    }
    await panel.page.getByRole('tab', { name: /^Outbox/ }).click();
    for (const scheme of SCHEMES) {
      await panel.page.emulateMedia({ colorScheme: scheme });
      expect(await violations(panel.page), `axe, side panel outbox, ${scheme}`).toEqual([]);
    }
    await Promise.all([panel.page.close(), tab.close()]);
  });
});
