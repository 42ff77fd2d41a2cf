import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { launchWithExtension, stopServiceWorker, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, storeTrackerToken } from '../../demo/browser/flagtab';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { SidePanelPage } from './support/sidepanel';

/**
 * The background's work script (lib/background/work.ts, loaded by load-work.ts): a wake to
 * install a rule parses only the worker, and what needs the heavy part (a sign-off, a catalogue
 * fetch) still works on a worker Chrome has stopped, which can import the script only because
 * it was imported at install.
 */
const EMAIL = 'po@acme.example';
const TOKEN = 'atlassian-api-token-0123';

let demo: DemoServer;
let jira: FakeJira;
let jiraOrigin: string;
let flags: FakeApi & { body: unknown };
let ext: ExtensionBrowser;

/** What the stopped-and-woken worker holds of the work script: 'object' once it was loaded. */
const workInWorker = async () => (await ext.worker()).evaluate(() => typeof (globalThis as { flagtabWork?: unknown }).flagtabWork);

beforeAll(async () => {
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', email: EMAIL, apiToken: TOKEN, issues: ['SHOP-142', 'SHOP-150'] });
  jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  // A flags file whose content the test changes, on a host the e2e build may reach.
  flags = (await startFakeApi({
    authorize: () => undefined,
    routes: [{ method: 'GET', path: /^\/flags\.json$/, handle: () => ({ status: 200, body: flags.body }) }],
  })) as FakeApi & { body: unknown };
  flags.body = ['first-flag'];
  ext = await launchWithExtension();
  await configure(ext, [
    demoSite(demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: EMAIL } }),
    { id: 'other-shop', name: 'Other Shop', hosts: ['other.localhost'], catalogue: { provider: 'flags-file', url: `${flags.origin.replace('127.0.0.1', 'flags.localhost')}/flags.json` } },
  ]);
  await storeTrackerToken(ext, 'demo-shop', TOKEN, jiraOrigin);
});
afterAll(async () => {
  await ext?.close();
  await flags?.close();
  await jira?.close();
  await demo?.close();
});

describe('the background\'s work script', () => {
  it('is not loaded by a stopped worker woken to open the popup and install a rule; the page gets the override', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${demo.siteOrigin}/checkout`);
    const tabId = await tabIdOf(ext, tab);
    // The first open fetches the catalogue (that loads the work script); the next finds it cached and fresh.
    const first = await PopupPage.open(ext, tabId);
    await first.flagSwitch('new-checkout').waitFor();
    await first.page.close();

    await stopServiceWorker(ext);
    const popup = await PopupPage.open(ext, tabId);
    await popup.setSwitch('new-checkout', true);
    demo.clearRequests();
    await tab.reload();
    const page = await demo.waitForRequest((r) => r.path === '/checkout');
    expect(page.headers['x-feature-flags']).toContain('new-checkout');
    expect(await workInWorker()).toBe('undefined');
    await Promise.all([popup.page.close(), tab.close()]);
  });

  it('a sign-off sent to a stopped worker reaches Jira once; one retried after another stop too', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${demo.siteOrigin}/checkout`);
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    await panel.page.getByText('Posts to Jira Cloud').waitFor();

    await stopServiceWorker(ext);
    await panel.signOff({ ticket: 'SHOP-142', verdict: 'Passed', notes: 'Sent to a stopped worker.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to SHOP-142/);
    expect(jira.comments('SHOP-142').map((c) => adfText(c.body))).toEqual([expect.stringContaining('Sent to a stopped worker.')]);

    // Jira refuses the token once: the sign-off waits for the person, who presses Retry after the worker stopped.
    await panel.newSignOff();
    jira.failNext(1, { status: 401, body: { errorMessages: ['Unauthorized'] } });
    await panel.signOff({ ticket: 'SHOP-150', verdict: 'Failed', notes: 'Retried after a stop.' });
    await panel.tab('Outbox').click();
    const item = panel.outboxItem('SHOP-150');
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toMatch(/needs you/i);
    await stopServiceWorker(ext);
    await item.getByRole('button', { name: 'Retry' }).click();
    await panel.tab('Sign off').click();
    await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to SHOP-150/);
    expect(jira.comments('SHOP-150').map((c) => adfText(c.body))).toEqual([expect.stringContaining('Retried after a stop.')]);
    await Promise.all([panel.page.close(), tab.close()]);
  });

  it('a catalogue refreshed from the popup of a stopped worker shows the provider\'s new flags', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`http://other.localhost:${demo.port}/`);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tab));
    await popup.flagSwitch('first-flag').waitFor();

    flags.body = ['first-flag', 'second-flag'];
    await stopServiceWorker(ext);
    await popup.page.getByRole('button', { name: 'Refresh catalogue' }).click();
    await popup.flagSwitch('second-flag').waitFor();
    expect(flags.requests.filter((r) => r.path === '/flags.json')).toHaveLength(2);
    // Fetched by the work script, imported by this worker (which did not exist at install).
    expect(await workInWorker()).toBe('object');
    await Promise.all([popup.page.close(), tab.close()]);
  });
});
