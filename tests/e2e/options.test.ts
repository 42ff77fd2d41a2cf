import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stopServiceWorker, tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, openAdvanced, startAddingSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';
import { ldFlag, startFakeLaunchDarkly } from '../support/fake-providers/launchdarkly';

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
  it('first run: offers "Add a site" and "Import a teammate\'s configuration", which imports the file chosen', async () => {
    const options = await openOptions();
    await options.getByRole('heading', { name: 'Set up the site you test' }).waitFor();
    await options.getByRole('button', { name: 'Add a site' }).waitFor();
    const [chooser] = await Promise.all([
      options.waitForEvent('filechooser'),
      options.getByRole('button', { name: 'Import a teammate\'s configuration' }).click(),
    ]);
    await chooser.setFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(exportFile([demoSite(env.demo.siteOrigin)])) });
    await options.getByRole('status').filter({ hasText: 'Imported 1 site' }).waitFor();
    // The guide has done its work: the site is listed, and adding another is one button.
    await options.getByRole('button', { name: 'Edit Demo Shop' }).waitFor();
    expect(await options.getByRole('heading', { name: 'Set up the site you test' }).count()).toBe(0);
    await options.getByRole('button', { name: 'Add site', exact: true }).waitFor();
    await configure(env.ext, []);
    await options.getByRole('heading', { name: 'Set up the site you test' }).waitFor();
    await options.close();
  });

  it('imports a configuration file through "Import configuration", and the popup then lists the site\'s flags', async () => {
    const options = await openOptions();
    await options.getByLabel('Import configuration').setInputFiles({
      name: 'flagtab-config.json', mimeType: 'application/json', buffer: Buffer.from(exportFile([demoSite(env.demo.siteOrigin)])),
    });
    await options.getByRole('status').filter({ hasText: 'Imported 1 site' }).waitFor();
    const { tab, popup } = await popupOnShop();
    await popup.page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
    // new-checkout, free-shipping and express-pay (demo/flags.json).
    await expect.poll(() => popup.page.getByRole('switch').count()).toBe(3);
    // A variant control each: chips (a radio group) for a few short variants, a select for more.
    await expect.poll(() => popup.page.getByRole('radiogroup').or(popup.page.getByRole('combobox')).count()).toBe(4);
    await Promise.all([options.close(), tab.close(), popup.page.close()]);
  });

  it('lists the sites the background reads for it, with the worker stopped first; Remove and Undo load the code that saves', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    // The page shows no configuration of its own reading: the worker, woken by its question, answers.
    await stopServiceWorker(env.ext);
    const options = await openOptions();
    await options.getByRole('button', { name: 'Remove Demo Shop' }).click();
    await options.getByRole('status').filter({ hasText: 'Removed "Demo Shop"' }).waitFor();
    await options.getByRole('heading', { name: 'Set up the site you test' }).waitFor();
    await options.getByRole('button', { name: 'Undo' }).click();
    await options.getByRole('status').filter({ hasText: 'Restored "Demo Shop"' }).waitFor();
    await options.getByRole('button', { name: 'Edit Demo Shop' }).waitFor();
    const sw = await env.ext.worker();
    expect(await sw.evaluate(() => chrome.storage.local.get('config'))).toMatchObject({ config: { sites: [{ id: 'demo-shop' }] } });
    await options.close();
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
    // No provider is chosen for the person: Save says to choose one, and saves nothing.
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByRole('alert').filter({ hasText: 'Choose your flag provider first; nothing was saved' }).waitFor();
    await options.getByLabel('Flag provider').selectOption({ label: 'Flags file' });
    await options.getByLabel('Catalogue URL').fill(`${env.demo.siteOrigin}/flags.json`);
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByRole('status').filter({ hasText: 'Saved "Demo CDN"' }).waitFor();
    await options.getByRole('button', { name: 'Edit Demo CDN' }).waitFor();
    await options.close();
  });

  it('sets up a LaunchDarkly site: Test connection diagnoses a wrong token and counts the flags with the right one; Save keeps the token out of the configuration', async () => {
    const right = 'api-e2e-right-token-7f3a';
    const ld = await startFakeLaunchDarkly({ token: right, project: 'shop', environments: ['production'], flags: [ldFlag('new-checkout'), ldFlag('dark-mode')] });
    // *.localhost reaches 127.0.0.1, and the e2e build may already access it.
    const apiUrl = `http://ld.localhost:${new URL(ld.origin).port}`;
    const options = await openOptions();
    try {
      await startAddingSite(options, 'LaunchDarkly');
      await options.getByLabel('Site name').fill('LD Shop');
      await options.getByLabel('Hosts').fill('ldshop.localhost');
      await expect.poll(() => options.getByLabel('API URL').inputValue()).toBe('https://app.launchdarkly.com');
      await options.getByLabel('API URL').fill(apiUrl);
      await options.getByLabel('Project key').fill('shop');
      await options.getByLabel('Environment key').fill('production');
      const token = options.getByLabel('API token', { exact: true });
      expect(await token.getAttribute('type')).toBe('password');
      expect(await token.getAttribute('autocomplete')).toBe('off');
      // The help says which read-only token to create, and is tied to the field.
      expect(await token.getAttribute('aria-describedby')).toContain('site-token-hint');
      await options.getByText('An API access token with the Reader role').waitFor();

      await token.fill('wrong-token');
      await options.getByRole('button', { name: 'Test connection' }).click();
      const result = options.locator('#site-connection');
      await expect.poll(() => result.textContent()).toMatch(/^Connection failed: .*token/i);
      expect(await result.getAttribute('class')).toContain('failed');
      expect(await result.getAttribute('role')).toBe('status');

      await token.fill(right);
      // Keyboard only: Show the token, then Test connection with Enter.
      await options.getByRole('button', { name: 'Show token' }).press('Space');
      await expect.poll(() => options.getByLabel('API token', { exact: true }).getAttribute('type')).toBe('text');
      await options.getByRole('button', { name: 'Test connection' }).press('Enter');
      await expect.poll(() => result.textContent()).toMatch(/^Connected to LaunchDarkly: 2 flag/);
      expect(await result.getAttribute('class')).toContain('ok');
      expect(ld.requests.at(-1)?.headers.authorization).toBe(right);

      await options.getByRole('button', { name: 'Save site' }).click();
      await options.getByRole('status').filter({ hasText: 'Saved "LD Shop"' }).waitFor();
      await options.getByText(`LaunchDarkly · shop / production at ld.localhost:${new URL(ld.origin).port}`).waitFor();

      const sw = await env.ext.worker();
      const [local, sync] = await sw.evaluate(async () => [await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]);
      expect(local['secrets.v1']).toEqual({ 'ld-shop': { catalogue: right, 'catalogue@origin': apiUrl } });
      expect(JSON.stringify(local.config)).not.toContain(right);
      expect(sync).toEqual({});

      // Editing shows only the token's last characters.
      await options.getByRole('button', { name: 'Edit LD Shop' }).click();
      await options.getByText('A token is stored (…7f3a).').waitFor();
      expect(await options.content()).not.toContain(right);
    } finally {
      await options.close();
      await ld.close();
    }
  });

  it('edits what the page used: markers off, a renamed echo header, and SDK forcing kept while SDKs are off', async () => {
    await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
    const options = await openOptions();
    try {
      await options.getByRole('button', { name: 'Edit Demo Shop' }).click();
      await openAdvanced(options);
      const markers = options.getByRole('checkbox', { name: 'Read page markers' });
      const sdks = options.getByRole('checkbox', { name: 'Watch client-side SDKs' });
      const force = options.getByRole('checkbox', { name: 'Apply overrides inside those SDKs too' });
      const echoName = options.getByRole('textbox', { name: 'Echo header name' });
      // Found by their labels: every control has an accessible name.
      expect(await options.getByRole('checkbox', { name: 'Read the echo header' }).isChecked()).toBe(true);
      expect(await echoName.inputValue()).toBe('X-Feature-Flags-Applied');

      await markers.uncheck();
      await echoName.fill('X-Flags-Used');
      // Forcing only means something while SDKs are watched: disabled, and still ticked for later.
      await sdks.uncheck();
      await expect.poll(() => force.isDisabled()).toBe(true);
      expect(await force.isChecked()).toBe(true);
      await options.getByRole('button', { name: 'Save site' }).click();
      await options.getByRole('status').filter({ hasText: 'Saved "Demo Shop"' }).waitFor();

      const sw = await env.ext.worker();
      const detection = await sw.evaluate(async () => {
        const { config } = (await chrome.storage.local.get('config')) as { config: { sites: { detection?: unknown }[] } };
        return config.sites[0]?.detection;
      });
      expect(detection).toEqual({
        echoHeader: { enabled: true, name: 'X-Flags-Used' },
        markers: false,
        sdks: false,
        forceInSdks: true,
      });

      // Editing again shows what was saved.
      await options.getByRole('button', { name: 'Edit Demo Shop' }).click();
      await openAdvanced(options);
      expect(await markers.isChecked()).toBe(false);
      expect(await echoName.inputValue()).toBe('X-Flags-Used');
      expect(await force.isDisabled()).toBe(true);
    } finally {
      await options.close();
    }
  });
});
