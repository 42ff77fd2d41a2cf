import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useDemoAndExtension } from './support/environment';
import { startFakeJira } from '../../demo/jira/server';
import { startFakeGitHub } from '../support/fake-trackers/github';
import { tabIdOf } from '../../demo/browser/extension';
import { SidePanelPage } from './support/sidepanel';
import { startAddingSite } from '../../demo/browser/flagtab';

const env = useDemoAndExtension();

async function openOptions(): Promise<Page> {
  const page = await env.ext.context.newPage();
  await page.goto(`chrome-extension://${env.ext.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'Import and export' }).waitFor();
  return page;
}

/** A local server's address as the extension reaches it: *.localhost is 127.0.0.1, and the e2e build may access it. */
const localhost = (name: string, origin: string) => `http://${name}.localhost:${new URL(origin).port}`;

/** A tab on the site just set up, and a sign-off sent for it from the side panel, as a person does next. */
async function signOffOnSite(ticket: string, notes: string): Promise<string> {
  const tab = await env.ext.context.newPage();
  await tab.goto(`http://signoff.localhost:${new URL(env.demo.siteOrigin).port}/checkout`);
  const panel = await SidePanelPage.open(env.ext, await tabIdOf(env.ext, tab));
  await panel.signOff({ ticket, verdict: 'Passed', notes });
  await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to /);
  const status = (await panel.status().textContent()) ?? '';
  await panel.page.close();
  await tab.close();
  return status;
}

describe('options page: where QA sign-offs go, in real Chromium', () => {
  it('sets up Jira Cloud, tests a wrong and a right token, saves; then moves the site to GitHub; the token stays in storage.local, bound to GitHub', async () => {
    const jiraToken = 'ATATT3x-e2e-jira-token-51c9';
    const gitHubToken = 'github_pat_e2e_token_0d7e';
    const jira = await startFakeJira({ flavour: 'cloud', email: 'po@acme.example', apiToken: jiraToken, issues: ['SHOP-142'], account: { displayName: 'Pat Owner', emailAddress: 'po@acme.example' } });
    const github = await startFakeGitHub({ token: gitHubToken, issues: { 'acme/shop#12': [] }, user: { login: 'pat-owner', name: 'Pat Owner' } });
    const jiraUrl = localhost('jira', jira.origin);
    const gitHubUrl = localhost('github', github.origin);
    const options = await openOptions();
    try {
      await startAddingSite(options);
      await options.getByLabel('Site name').fill('Sign-off Shop');
      await options.getByLabel('Hosts').fill('signoff.localhost');
      await options.getByLabel('Catalogue URL').fill(`${env.demo.siteOrigin}/flags.json`);

      const signOffs = options.getByRole('group', { name: 'QA sign-offs' });
      const trackerKind = signOffs.getByLabel('Post sign-offs to');
      expect(await trackerKind.inputValue()).toBe('none');
      await trackerKind.selectOption({ label: 'Jira Cloud' });
      await signOffs.getByLabel('Jira site URL').fill(jiraUrl);
      await signOffs.getByLabel('Atlassian account e-mail').fill('po@acme.example');
      const jiraTokenField = signOffs.getByLabel('Jira Cloud API token', { exact: true });
      expect(await jiraTokenField.getAttribute('type')).toBe('password');
      // The help says which token to create, and is tied to the field.
      expect(await jiraTokenField.getAttribute('aria-describedby')).toContain('site-trackerToken-hint');
      await signOffs.getByText('An API token of the account above').waitFor();

      const result = options.locator('#site-tracker-connection');
      const test = signOffs.getByRole('button', { name: 'Test sign-off connection' });
      await jiraTokenField.fill('not-the-token');
      await test.click();
      await expect.poll(() => result.textContent()).toMatch(/^Connection failed: The Jira Cloud token was rejected.*create a new API token at https:\/\/id\.atlassian\.com/);
      expect(await result.getAttribute('class')).toContain('failed');
      expect(await result.getAttribute('role')).toBe('status');

      await jiraTokenField.fill(jiraToken);
      // Keyboard only: Test with Enter.
      await test.press('Enter');
      await expect.poll(() => result.textContent()).toMatch(/^Connected to Jira Cloud as Pat Owner \(po@acme\.example\)/);
      expect(await result.getAttribute('class')).toContain('ok');
      expect(jira.requests.at(-1)).toMatchObject({ path: '/rest/api/3/myself', headers: { authorization: `Basic ${Buffer.from(`po@acme.example:${jiraToken}`).toString('base64')}` } });

      await options.getByRole('button', { name: 'Save site' }).click();
      await options.getByRole('status').filter({ hasText: 'Saved "Sign-off Shop"' }).waitFor();

      // What was just set up works: a sign-off from the side panel reaches this Jira.
      expect(await signOffOnSite('SHOP-142', 'Set up in the options page, signed off from the panel.')).toMatch(/^Posted to SHOP-142/);
      expect(jira.comments('SHOP-142')).toHaveLength(1);

      // Editing shows only the token's end; another tracker drops it.
      await options.getByRole('button', { name: 'Edit Sign-off Shop' }).click();
      await signOffs.getByText('A sign-off token is stored (…51c9).').waitFor();
      expect(await options.content()).not.toContain(jiraToken);
      await trackerKind.selectOption({ label: 'GitHub' });
      await signOffs.getByText('The stored sign-off token will be removed when you save.', { exact: false }).waitFor();
      const apiUrl = signOffs.getByLabel('GitHub API URL');
      expect(await apiUrl.inputValue()).toBe('https://api.github.com');
      await apiUrl.fill(gitHubUrl);
      await signOffs.getByLabel('Default repository (optional)').fill('acme/shop');
      await signOffs.getByLabel('GitHub token', { exact: true }).fill(gitHubToken);
      await signOffs.getByText('"Issues: Read and write"', { exact: false }).waitFor();
      await test.click();
      await expect.poll(() => result.textContent()).toMatch(/^Connected to GitHub as Pat Owner \(pat-owner\)/);
      for (const request of github.requests) expect(github.validate(request), `${request.method} ${request.path}`).toEqual([]);

      // The first save's "Saved" may still be on screen: the editor closing marks this save done
      // (it closes once the config and the token are both stored).
      const editor = options.getByRole('form', { name: 'Edit Sign-off Shop' });
      await editor.waitFor();
      await options.getByRole('button', { name: 'Save site' }).click();
      await editor.waitFor({ state: 'detached' });
      await options.getByRole('status').filter({ hasText: 'Saved "Sign-off Shop"' }).waitFor();

      const sw = await env.ext.worker();
      const [local, sync] = await sw.evaluate(async () => [await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]);
      const site = (local.config as { sites: { id: string; tracker?: unknown }[] }).sites.find((s) => s.id === 'sign-off-shop');
      expect(site?.tracker).toEqual({ tracker: 'github', apiUrl: gitHubUrl, repo: 'acme/shop' });
      expect(local['secrets.v1']).toEqual({ 'sign-off-shop': { tracker: gitHubToken, 'tracker@origin': gitHubUrl } });
      expect(JSON.stringify(local.config)).not.toContain(gitHubToken);
      expect(sync).toEqual({});

      // And now sign-offs go to GitHub: "#12" is the default repository's issue.
      expect(await signOffOnSite('#12', 'Now on GitHub.')).toMatch(/^Posted to acme\/shop#12/);
      expect(github.comments.get('acme/shop#12')!.map((c) => c.body)).toEqual([expect.stringContaining('Now on GitHub.')]);
      for (const request of github.requests) expect(github.validate(request), `${request.method} ${request.path}`).toEqual([]);
      expect(jira.comments('SHOP-142')).toHaveLength(1);
    } finally {
      await options.close();
      await jira.close();
      await github.close();
    }
  });
});
