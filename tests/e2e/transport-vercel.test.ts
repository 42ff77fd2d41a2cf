/**
 * The vercel transport end to end: Flagtab in Chromium writes the Vercel Flags SDK's
 * vercel-flag-overrides cookie for tab A, and a real Next.js app on flags/next (demo/vercel-app,
 * `next build` then `next start`) decrypts it with its FLAGS_SECRET and renders the override —
 * in tab A only; tab B gets what `decide` says. The secret is typed into the options page as a
 * tester would. After the service worker is stopped, tab A is still overridden.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createAccessProof } from 'flags';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, stopServiceWorker, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, openAdvanced, storeCatalogueToken } from '../../demo/browser/flagtab';
import { startNextApp, type NextApp } from '../../demo/next';

const APP = fileURLToPath(new URL('../../demo/vercel-app/', import.meta.url));
const FLAGS_SECRET = randomBytes(32).toString('base64url');
const SITE = 'Vercel app';
const HOST = 'vercel.localhost';
const CATALOGUE_HOST = 'vercel-discovery.localhost';

let ext: ExtensionBrowser;
let app: NextApp | undefined;
let origin = '';

/** The app built and started (about 20 s cold; a few seconds when demo/vercel-app/.next is left from a run). */
async function startApp(): Promise<void> {
  app = await startNextApp(APP, { FLAGS_SECRET });
  console.info(`demo/vercel-app: next build took ${(app.buildMs / 1000).toFixed(1)} s`);
  origin = `http://${HOST}:${app.port}`;
}

beforeAll(async () => {
  await startApp();
  ext = await launchWithExtension();
  // The app's flags as a flagd file (the catalogue); the Vercel transport on, the default
  // header and flagtab cookie left on beside it.
  const catalogue = JSON.stringify({
    flags: {
      'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
      'hero-banner': { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a' },
    },
  });
  await configure(ext, [{
    id: 'vercel-app', name: SITE, hosts: [HOST],
    catalogue: { provider: 'flags-file', inline: catalogue },
    transports: { vercel: { enabled: true, name: 'vercel-flag-overrides' } },
  }, {
    // The same app under another name, set up as a Vercel team would: the catalogue is the app's
    // discovery endpoint, whose FLAGS_SECRET (its token) also seals the cookie.
    id: 'vercel-catalogue', name: 'Discovery shop', hosts: [CATALOGUE_HOST],
    catalogue: { provider: 'vercel', baseUrl: `http://${CATALOGUE_HOST}:${app!.port}` },
    transports: { header: { enabled: false, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' }, vercel: { enabled: true, name: 'vercel-flag-overrides' } },
  }]);
}, 180_000);

afterAll(async () => {
  await ext?.close();
  app?.close();
});

/** The tab-scoped session rules as installed (ids and what they do), to compare across a worker restart. */
async function sessionRules(): Promise<string> {
  const sw = await ext.worker();
  return sw.evaluate(async () => JSON.stringify(await chrome.declarativeNetRequest.getSessionRules()));
}

/** What the app rendered in `tab` after loading it again. */
async function rendered(tab: Page) {
  await tab.reload();
  return { checkout: await tab.locator('#new-checkout').textContent(), banner: await tab.locator('#hero-banner').textContent() };
}

/** Types the FLAGS_SECRET into the site's form in the options page and saves, as a tester does. */
async function storeSecretInOptions(): Promise<void> {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: `Edit ${SITE}` }).click();
  await openAdvanced(options);
  // A wrong one first: refused beside the field, nothing saved.
  await options.getByLabel('FLAGS_SECRET', { exact: true }).fill('not-the-secret');
  await options.getByRole('button', { name: 'Save site' }).click();
  await options.locator('#site-transport-vercel-secret-error').filter({ hasText: 'the Flags SDK wants exactly 32 (43 base64url characters)' }).waitFor();
  await options.getByLabel('FLAGS_SECRET', { exact: true }).fill(FLAGS_SECRET);
  await options.getByRole('button', { name: 'Save site' }).click();
  await options.getByRole('status').filter({ hasText: `Saved "${SITE}"` }).waitFor();
  // Stored: only its end is shown from now on.
  await options.getByRole('button', { name: `Edit ${SITE}` }).click();
  await openAdvanced(options);
  await options.getByText(`FLAGS_SECRET stored (…${FLAGS_SECRET.slice(-4)}).`).waitFor();
  expect(await options.content()).not.toContain(FLAGS_SECRET);
  await options.close();
}

describe('the Vercel Flags SDK overrides cookie, per tab, in a real Next.js app', () => {
  it('tab A renders the popup\'s overrides, tab B the real values; without FLAGS_SECRET nothing goes and the popup says why; a stopped worker changes nothing', async () => {
    const tabA = await ext.context.newPage();
    const tabB = await ext.context.newPage();
    await tabA.goto(origin);
    await tabB.goto(origin);
    expect(await rendered(tabA)).toEqual({ checkout: 'false', banner: '"a"' });

    // No secret yet: the override is set, the popup says the cookie cannot go, the app decides.
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
    await popup.setSwitch('new-checkout', true);
    const warning = popup.page.locator('.secret-warning');
    await expect.poll(() => warning.textContent()).toMatch(/Vercel Flags SDK overrides cookie .* is on for this site but Flagtab has no FLAGS_SECRET: nothing goes that way/);
    expect(await rendered(tabA)).toEqual({ checkout: 'false', banner: '"a"' });

    // Storing the secret is enough: the tab's rules follow, with no new click in the popup.
    await storeSecretInOptions();
    await expect.poll(async () => (await rendered(tabA)).checkout, { timeout: 10_000 }).toBe('true');
    await popup.reload();
    expect(await popup.page.locator('.secret-warning').count()).toBe(0);
    await popup.chooseVariant('hero-banner', 'b');

    // Tab A: the SDK decrypted the cookie and used the overrides.
    expect(await rendered(tabA)).toEqual({ checkout: 'true', banner: '"b"' });
    // Page JavaScript never sees the cookie: the browser adds it to the request only.
    expect(await tabA.evaluate(() => document.cookie)).not.toContain('vercel-flag-overrides');
    // Tab B, same app: nothing sent, `decide` rules.
    expect(await rendered(tabB)).toEqual({ checkout: 'false', banner: '"a"' });

    // A fresh service worker (empty memory) encrypts the same cookie again, so the rules stay
    // exactly as they were, and tab A stays overridden.
    const before = await sessionRules();
    expect(before).toContain('vercel-flag-overrides=');
    await stopServiceWorker(ext);
    expect(await rendered(tabA)).toEqual({ checkout: 'true', banner: '"b"' });
    expect(await rendered(tabB)).toEqual({ checkout: 'false', banner: '"a"' });
    expect(await sessionRules()).toBe(before);

    // The discovery endpoint a catalogue provider reads: closed without proof, open with it.
    const discovery = `${origin.replace(HOST, '127.0.0.1')}/.well-known/vercel/flags`;
    expect((await fetch(discovery)).status).toBe(401);
    const data = await (await fetch(discovery, { headers: { Authorization: `Bearer ${await createAccessProof(FLAGS_SECRET)}` } })).json() as { definitions: Record<string, unknown> };
    expect(Object.keys(data.definitions).sort()).toEqual(['hero-banner', 'new-checkout']);

    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });

  it('one FLAGS_SECRET, pasted as the catalogue token, lists the app\'s flags from its discovery endpoint and seals tab A\'s cookie', async () => {
    const catalogueOrigin = `http://${CATALOGUE_HOST}:${app!.port}`;
    await storeCatalogueToken(ext, 'vercel-catalogue', FLAGS_SECRET, catalogueOrigin);
    const tabA = await ext.context.newPage();
    const tabB = await ext.context.newPage();
    await tabA.goto(catalogueOrigin);
    await tabB.goto(catalogueOrigin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
    // The flags and their options come from the app's own flag() declarations.
    await popup.variantPicker('hero-banner').waitFor();
    expect(await popup.variantLabels('hero-banner')).toEqual(['Default', 'Banner A — a', 'Banner B — b']);
    await popup.page.getByText('Which hero banner the home page shows').waitFor();
    expect(await popup.page.locator('.secret-warning').count()).toBe(0);

    await popup.chooseVariant('hero-banner', 'Banner B — b');
    expect(await rendered(tabA)).toEqual({ checkout: 'false', banner: '"b"' });
    expect(await rendered(tabB)).toEqual({ checkout: 'false', banner: '"a"' });
    await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
  });
});
