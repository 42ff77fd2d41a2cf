import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { screenshotCapableBuild } from '../../demo/browser/build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, storeTrackerToken } from '../../demo/browser/flagtab';
import { SidePanelPage } from './support/sidepanel';

/**
 * Jira stores the comment, then closes a reused keep-alive connection without answering.
 * Chromium takes that for a connection the server had closed while idle and sends the same POST
 * again by itself, 0.1 s later, where the outbox cannot check for its marker first: two comments
 * with one marker. The outbox must end with exactly one, and the history must say which.
 */
const EMAIL = 'po@acme.example';
const JIRA_TOKEN = 'atlassian-api-token-0123';

let demo: DemoServer;
let jira: FakeJira;
let jiraOrigin: string;
let ext: ExtensionBrowser;

beforeAll(async () => {
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', email: EMAIL, apiToken: JIRA_TOKEN, issues: ['SHOP-142'] });
  jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  ext = await launchWithExtension({ extensionDir: screenshotCapableBuild('resend') });
  await configure(ext, [demoSite(demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: EMAIL } })]);
  await storeTrackerToken(ext, 'demo-shop', JIRA_TOKEN, jiraOrigin);
});
afterAll(async () => {
  await ext?.close();
  await jira?.close();
  await demo?.close();
});

const commentPosts = () => jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issue/SHOP-142/comment'));

describe('a sign-off the browser re-sent by itself', () => {
  it('ends with exactly one Jira comment: the first is kept, the browser\'s copy deleted, and the history says so', async () => {
    const tab = await ext.context.newPage();
    await tab.setViewportSize({ width: 800, height: 600 });
    await tab.goto(`${demo.siteOrigin}/checkout`);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, tab));
    await popup.setSwitch('new-checkout', true);
    await popup.page.close();
    await tab.bringToFront();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    await panel.screenshot().waitFor();

    jira.dropNextPostAfterStoring();
    await panel.signOff({ ticket: 'SHOP-142', verdict: 'Passed', notes: 'Checked the new checkout.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 20_000 }).toMatch(/^Posted to SHOP-142/);

    // The browser did re-send: the dropped POST came on a reused connection, and the same POST
    // came again (the extension made one request).
    const posts = commentPosts();
    expect(posts).toHaveLength(2);
    expect(posts[0]!.onConnection).toBeGreaterThan(0);
    expect(JSON.stringify(posts[1]!.body)).toBe(JSON.stringify(posts[0]!.body));

    // What the ticket shows: one comment for the sign-off, the first one stored.
    await expect.poll(() => jira.comments('SHOP-142').length, { timeout: 10_000 }).toBe(1);
    const [kept] = jira.comments('SHOP-142');
    expect(adfText(kept!.body)).toMatch(/flagtab-sign-off:so-[a-z2-7]{20}/);
    expect(jira.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(jira.attachments('SHOP-142')).toHaveLength(1);

    // The link and the history point at the comment that is there.
    await panel.tab('History').click();
    await panel.page.getByText(`Flagtab kept the first (comment ${kept!.id}) and deleted the copy`).waitFor();
    expect(await panel.page.getByRole('link', { name: 'Open comment' }).getAttribute('href')).toBe(`${jiraOrigin}/browse/SHOP-142?focusedCommentId=${kept!.id}`);
    await panel.page.close();
    await tab.close();
  });
});
