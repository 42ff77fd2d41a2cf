import { describe, expect, it } from 'vitest';
import { useDemoAndExtension } from './support/environment';
import { configure, demoSite, openAdvanced, storeTrackerToken } from '../../demo/browser/flagtab';

/**
 * An imported configuration points a site's sign-off tracker at another address. The stored
 * token stays withheld from it through any later Save of the site, until the person confirms
 * both addresses in the form. (*.localhost addresses: the e2e build may reach them, so Save's
 * host-access request needs no prompt.)
 */
const env = useDemoAndExtension();

const TOKEN = 'atlassian-api-token-0123';
const A = 'http://jira-a.localhost:9';
const B = 'http://jira-b.localhost:9';
const site = (baseUrl: string) => demoSite(env.demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl, email: 'po@acme.example' } });

async function storedToken() {
  const sw = await env.ext.worker();
  const local = await sw.evaluate(() => chrome.storage.local.get('secrets.v1'));
  return (local['secrets.v1'] as Record<string, Record<string, string>>)['demo-shop'];
}

describe('options page: a token is re-bound only when the person confirms both addresses', () => {
  it('withholds the token after an import moved the tracker, through a Save of the expiry, until "Use the sign-off token at …"', async () => {
    await configure(env.ext, [site(A)]);
    await storeTrackerToken(env.ext, 'demo-shop', TOKEN, A);
    const options = await env.ext.context.newPage();
    await options.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
    await options.getByRole('heading', { name: 'Import and export' }).waitFor();

    await options.getByLabel('Configuration JSON').fill(JSON.stringify({ format: 'flagtab-config', version: 1, sites: [site(B)] }));
    await options.getByRole('button', { name: 'Import pasted configuration' }).click();
    await options.getByRole('status').filter({ hasText: 'Imported 1 site' }).waitFor();
    expect(await storedToken()).toEqual({ tracker: TOKEN, 'tracker@origin': A });

    // Edit the site, change only the expiry, save: the question is shown, the token stays with A.
    await options.getByRole('button', { name: 'Edit Demo Shop' }).click();
    const question = `This sign-off token was saved for ${A}; the site now points at ${B} — use it there?`;
    await options.getByText(question).waitFor();
    await openAdvanced(options);
    await options.getByLabel('Expiry (hours)').fill('2');
    const editor = options.getByRole('form', { name: 'Edit Demo Shop' });
    await options.getByRole('button', { name: 'Save site' }).click();
    await editor.waitFor({ state: 'detached' });
    await options.getByRole('status').filter({ hasText: `its sign-off token stays saved for ${A} and is not sent to ${B}` }).waitFor();
    expect(await storedToken()).toEqual({ tracker: TOKEN, 'tracker@origin': A });

    // The explicit confirmation, then Save: now the token is B's.
    await options.getByRole('button', { name: 'Edit Demo Shop' }).click();
    await options.getByRole('button', { name: `Use the sign-off token at ${B}` }).click();
    await options.getByText(`The stored sign-off token will be used at ${B} when you save.`).waitFor();
    await options.getByRole('button', { name: 'Save site' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(storedToken).toEqual({ tracker: TOKEN, 'tracker@origin': B });
    await options.close();
  });
});
