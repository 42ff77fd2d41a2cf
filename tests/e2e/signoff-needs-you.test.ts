import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { configure, demoSite, storeTrackerToken } from '../../demo/browser/flagtab';
import { SidePanelPage } from './support/sidepanel';

/**
 * Sign-offs that need the person: the plain e2e build (like a real install before the toolbar
 * button is clicked on the tab, it may not capture the tab) and a revoked token. Nothing is lost:
 * the sign-off waits with a reason that says what to do, and goes once that is done.
 */
const EMAIL = 'po@acme.example';
const TOKEN = 'atlassian-api-token-good';

let demo: DemoServer;
let jira: FakeJira;
let jiraOrigin: string;
let ext: ExtensionBrowser;

beforeAll(async () => {
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', email: EMAIL, apiToken: TOKEN, issues: ['SHOP-142'] });
  jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  ext = await launchWithExtension();
  await configure(ext, [demoSite(demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: EMAIL } })]);
  await storeTrackerToken(ext, 'demo-shop', 'revoked-token', jiraOrigin);
});
afterAll(async () => {
  await ext?.close();
  await jira?.close();
  await demo?.close();
});

describe('a sign-off that needs the person', () => {
  it('says how to get a screenshot, waits on a rejected token with advice, and posts once after the fix and Retry', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${demo.siteOrigin}/checkout`);
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));

    await panel.page.getByText(/click the Flagtab button in the toolbar once on this tab/).waitFor();
    expect(await panel.screenshot().count()).toBe(0);

    await panel.signOff({ ticket: 'SHOP-142', verdict: 'Passed', notes: 'Works.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 10_000 }).toMatch(/Waiting in the outbox/);
    await panel.tab('Outbox').click();
    const item = panel.outboxItem('SHOP-142');
    await expect.poll(() => item.textContent()).toMatch(/needs you.*Why: .*token.*(expired|revoked)/i);
    expect(jira.comments('SHOP-142')).toEqual([]);

    // The person pastes a fresh token in the settings, then presses Retry.
    await storeTrackerToken(ext, 'demo-shop', TOKEN, jiraOrigin);
    await item.getByRole('button', { name: 'Retry' }).click();
    await panel.tab('Sign off').click();
    await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to SHOP-142/);

    expect(jira.comments('SHOP-142').map((c) => adfText(c.body))).toEqual([expect.stringContaining('Works.')]);
    // No screenshot was taken, so nothing was uploaded.
    expect(jira.attachments('SHOP-142')).toEqual([]);
    await panel.page.close();
    await tab.close();
  });
});
