/**
 * Enterprise policy in real Chromium: a managed-policy file gives Flagtab's id a "sites" value,
 * and the options page and the popup show that site, marked and read-only. Chromium reads
 * /etc/chromium/policies/managed/*.json at start; the file is written for this run's extension
 * id only (an unpacked extension's id is the hash of its folder, so other checkouts are not
 * touched) and removed afterwards, whatever happens.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDir } from '../../demo/browser/build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, demoSite } from '../../demo/browser/flagtab';
import { startDemoServer, type DemoServer } from '../../demo/server';

const POLICY_DIR = '/etc/chromium/policies/managed';
/** The folders this run makes, deepest first: it removes them again when they are left empty. */
const madeFolders = [POLICY_DIR, '/etc/chromium/policies', '/etc/chromium'].filter((dir) => !existsSync(dir));

/** Chrome's id for an unpacked extension: the SHA-256 of its path, first 32 hex digits written a–p. */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

function policyDirWritable(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const writable = policyDirWritable();
const id = unpackedExtensionId(extensionDir('chrome'));
const policyFile = `${POLICY_DIR}/flagtab-e2e-${id}-${process.pid}.json`;
let demo: DemoServer;
let ext: ExtensionBrowser;

describe.skipIf(!writable)(`enterprise policy (needs write access to ${POLICY_DIR})`, () => {
  beforeAll(async () => {
    demo = await startDemoServer();
    const site = demoSite(demo.siteOrigin, { name: 'Demo Shop (company)' });
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: { sites: [site] } } } }));
    try {
      ext = await launchWithExtension();
    } catch (error) {
      rmSync(policyFile, { force: true });
      throw error;
    }
  });
  afterAll(async () => {
    // Chromium watches the folder and reloads: the file stays while the browser runs, and goes whatever happened.
    rmSync(policyFile, { force: true });
    for (const dir of madeFolders) {
      try {
        rmdirSync(dir);
      } catch (error) {
        console.warn(`left ${dir} in place`, error); // another policy file arrived meanwhile
        break;
      }
    }
    await ext?.close();
    await demo?.close();
  });

  it('shows the organisation\'s site in the options page, marked and without Edit or Remove, and the popup uses it', async () => {
    expect(ext.extensionId, 'the id Chromium gave the unpacked build').toBe(id);
    const sw = await ext.worker();
    await expect.poll(() => sw.evaluate(() => chrome.storage.managed.get('sites')), { timeout: 15_000 }).toMatchObject({ sites: [{ id: 'demo-shop' }] });

    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    const card = options.getByRole('listitem', { name: 'Demo Shop (company)' });
    await card.getByText('Managed by your organisation').waitFor();
    expect(await card.getByRole('button', { name: /Edit|Remove/ }).count()).toBe(0);
    // Nothing of it was written into the person's own configuration.
    expect(await sw.evaluate(() => chrome.storage.local.get('config'))).toEqual({});

    const tab = await ext.context.newPage();
    await tab.goto(demo.siteOrigin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tab));
    await popup.page.getByRole('heading', { name: 'Demo Shop (company)' }).waitFor();
    await Promise.all([options.close(), tab.close(), popup.page.close()]);
  });
});
