import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from './support/extension';
import { PopupPage, demoSite } from './support/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

async function openOptions(query = ''): Promise<Page> {
  const page = await env.ext.context.newPage();
  await page.goto(`chrome-extension://${env.ext.extensionId}/options.html${query}`);
  await page.getByRole('heading', { name: 'Import and export' }).waitFor();
  return page;
}

/** The demo shop's tab and its popup: proof that a configuration took effect. */
async function popupOnShop() {
  const tab = await env.ext.context.newPage();
  await tab.goto(env.demo.siteOrigin);
  return { tab, popup: await PopupPage.open(env.ext, await tabIdOf(env.ext, tab)) };
}

const exportFile = (sites: unknown[]) => JSON.stringify({ format: 'flagtab-config', version: 1, sites });

describe('options page in real Chromium', () => {
  it('imports a configuration file through "Import configuration", and the popup then lists the site\'s flags', async () => {
    const options = await openOptions();
    await options.getByLabel('Import configuration').setInputFiles({
      name: 'flagtab-config.json', mimeType: 'application/json', buffer: Buffer.from(exportFile([demoSite(env.demo.siteOrigin)])),
    });
    await options.getByRole('status').filter({ hasText: 'Imported 1 site' }).waitFor();
    const { tab, popup } = await popupOnShop();
    await popup.page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
    await expect.poll(() => popup.page.getByRole('switch').count()).toBe(2);
    await expect.poll(() => popup.page.getByRole('combobox').count()).toBe(4);
    await Promise.all([options.close(), tab.close(), popup.page.close()]);
  });

  it('refuses a bad file, names the field, and keeps the configuration it had', async () => {
    const options = await openOptions();
    await options.getByLabel('Configuration JSON').fill(exportFile([{ ...demoSite(env.demo.siteOrigin), hosts: ['https://shop.localhost/'] }]));
    await options.getByRole('button', { name: 'Import pasted configuration' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toMatch(/sites\[0\]\.hosts\[0\]/);
    await options.getByLabel('Configuration JSON').fill('{ "format": "flagtab-config", ');
    await options.getByRole('button', { name: 'Import pasted configuration' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toMatch(/not valid JSON/);
    // The site imported before is still there.
    await options.getByRole('button', { name: 'Edit Demo Shop' }).waitFor();
    await options.close();
  });

  it('sets up a site from the popup\'s "Set up this site", with the host filled in', async () => {
    const options = await openOptions('?addHost=cdn.localhost');
    await expect.poll(() => options.getByLabel('Hosts').inputValue()).toBe('cdn.localhost');
    await options.getByLabel('Site name').fill('Demo CDN');
    await options.getByLabel('Catalogue URL').fill(`${env.demo.siteOrigin}/flags.json`);
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByRole('status').filter({ hasText: 'Saved "Demo CDN"' }).waitFor();
    await options.getByRole('button', { name: 'Edit Demo CDN' }).waitFor();
    await options.close();
  });
});
