import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { adfText } from '../../lib/trackers/jira-cloud/adf';
import { signOffMarker } from '../../lib/signoff/signoff';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-trackers/github';
import { screenshotCapableBuild } from '../../demo/browser/build';
import { launchWithExtension, stopServiceWorker, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually, storeTrackerToken } from '../../demo/browser/flagtab';
import { SidePanelPage } from './support/sidepanel';

/**
 * The story of issue 5 in real Chromium: override a flag on the demo shop, open the side panel,
 * sign off, and the tracker's server receives one comment with the evidence and the screenshot.
 * Then the same with the tracker down, the worker stopped mid-send, and the browser offline.
 */
const EMAIL = 'po@acme.example';
const JIRA_TOKEN = 'atlassian-api-token-0123';
const GITHUB_TOKEN = 'github_pat_0123456789abcdef';

let demo: DemoServer;
let jira: FakeJira;
let jiraOrigin: string;
let ext: ExtensionBrowser;

const jiraSite = () => demoSite(demo.siteOrigin, { tracker: { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: EMAIL } });

beforeAll(async () => {
  demo = await startDemoServer();
  jira = await startFakeJira({ flavour: 'cloud', email: EMAIL, apiToken: JIRA_TOKEN, issues: ['SHOP-142', 'SHOP-150'] });
  // As the demo shop is shop.localhost: a host the e2e build may reach, like a real tracker after Save.
  jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  ext = await launchWithExtension({ extensionDir: screenshotCapableBuild() });
  await configure(ext, [jiraSite()]);
  await storeTrackerToken(ext, 'demo-shop', JIRA_TOKEN, jiraOrigin);
});
afterAll(async () => {
  await ext?.close();
  await jira?.close();
  await demo?.close();
});

/** A shop tab with `new-checkout` overridden on, reloaded so the page uses it. */
async function shopTabUnderTest() {
  const tab = await ext.context.newPage();
  await tab.setViewportSize({ width: 800, height: 600 });
  await tab.goto(`${demo.siteOrigin}/checkout`);
  const tabId = await tabIdOf(ext, tab);
  const popup = await PopupPage.open(ext, tabId);
  await popup.setSwitch('new-checkout', true);
  await popup.page.close();
  await tab.reload();
  await tab.locator('#new-checkout').waitFor();
  await tab.bringToFront();
  return { tab, tabId };
}

const commentTexts = (key: string) => jira.comments(key).map((c) => adfText(c.body));
const postsTo = (key: string) => jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/issue/${key}/comment`));

describe('signing off a story from the side panel', () => {
  it('posts one Jira comment with the verdict, notes, evidence and the screenshot', async () => {
    const { tab } = await shopTabUnderTest();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));

    // The ticket comes from the overridden flag's metadata (demo/flags.json).
    await expect.poll(() => panel.ticket().inputValue()).toBe('SHOP-142');
    await panel.page.getByText('From the flag\'s ticket').waitFor();
    await panel.page.getByText('Posts to Jira Cloud').waitFor();
    const evidence = panel.evidence();
    await expect.poll(() => evidence.textContent()).toContain('new-checkout = true');
    expect(await evidence.textContent()).toContain(`${demo.siteOrigin}/checkout`);
    await panel.screenshot().waitFor();

    await panel.signOff({ verdict: 'Passed', notes: 'Checkout works with the **new** flow.\n\n- paid with a test card', who: 'Pat PO' });
    await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to SHOP-142 — Open comment/);
    const link = await panel.page.getByRole('link', { name: 'Open comment' }).getAttribute('href');

    const [comment] = jira.comments('SHOP-142');
    expect(jira.comments('SHOP-142')).toHaveLength(1);
    expect(jira.invalidBodies).toEqual([]);
    expect(link).toBe(`${jiraOrigin}/browse/SHOP-142?focusedCommentId=${comment!.id}`);
    const text = adfText(comment!.body);
    for (const part of ['Passed', 'Checkout works with the new flow.', 'paid with a test card', `${demo.siteOrigin}/checkout`, 'Demo Shop',
      'new-checkout', 'true', 'Pat PO', 'Chromium', '0.1.0']) {
      expect(text).toContain(part);
    }
    // The notes' Markdown became ADF marks and lists, not literal asterisks.
    expect(text).not.toContain('**new**');
    expect(JSON.stringify(comment!.body)).toContain('"type":"strong"');
    expect(text).toMatch(/flagtab-sign-off:so-[a-z2-7]{20}/);

    // The screenshot arrived as a PNG attachment of the visible tab, and the comment embeds it.
    const [attachment] = jira.attachments('SHOP-142');
    expect(attachment!.mimeType).toBe('image/png');
    expect(attachment!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(attachment!.bytes.readUInt32BE(16)).toBe(800);
    expect(JSON.stringify(comment!.body)).toContain(attachment!.filename);
    expect(postsTo('SHOP-142')[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:${JIRA_TOKEN}`).toString('base64')}`);

    // And the history has it, per ticket, with the link.
    await panel.tab('History').click();
    await panel.page.getByRole('heading', { name: /^SHOP-142/ }).waitFor();
    expect(await panel.page.getByRole('link', { name: 'Open comment' }).getAttribute('href')).toBe(link);
    await panel.page.close();
    await tab.close();
  });

  it('keeps a sign-off while Jira is down, says why, and posts it once when Jira is back', async () => {
    const { tab } = await shopTabUnderTest();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    jira.failNext(2, { status: 503, body: { errorMessages: ['Service unavailable'] }, headers: { 'Retry-After': '2' } });

    await panel.signOff({ ticket: 'shop-150', verdict: 'Failed', notes: 'Banner overlaps the basket on mobile.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 10_000 }).toMatch(/Waiting in the outbox/);
    await panel.tab('Outbox').click();
    await expect.poll(() => panel.outboxItem('SHOP-150').textContent()).toMatch(/tries again at \d+:\d+:\d+|Trying again|Sending/);

    await panel.tab('Sign off').click();
    await expect.poll(() => panel.status().textContent(), { timeout: 30_000 }).toMatch(/^Posted to SHOP-150/);
    expect(commentTexts('SHOP-150')).toHaveLength(1);
    expect(commentTexts('SHOP-150')[0]).toContain('Banner overlaps the basket on mobile.');
    await panel.page.close();
    await tab.close();
  });

  it('posts exactly once when the service worker is stopped while Jira holds the request', async () => {
    const { tab } = await shopTabUnderTest();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    const before = commentTexts('SHOP-142').length;
    // No screenshot, so the comment is the first request: Jira stores it, then holds the answer.
    await panel.screenshot().waitFor();
    await panel.page.getByRole('button', { name: 'Remove screenshot' }).click();
    jira.hold();

    await panel.signOff({ verdict: 'Blocked', notes: 'Payment provider sandbox is down.' });
    // The comment request reached Jira (which stores it) and hangs there; then the worker dies.
    await eventually(async () => postsTo('SHOP-142').length, (n) => expect(n).toBeGreaterThan(before));
    await stopServiceWorker(ext);
    jira.release();
    const id = /flagtab-sign-off:(so-[a-z2-7]{20})/.exec(JSON.stringify(postsTo('SHOP-142').at(-1)!.body))![1]!;

    // Any event wakes a fresh worker: it finds the half-sent sign-off, asks Jira, and settles it.
    await panel.tab('Outbox').click();
    await expect.poll(() => panel.page.getByText('Nothing waiting: every sign-off was posted.').isVisible(), { timeout: 30_000 }).toBe(true);
    // Jira got the post, the new worker asked for the comments, found it, and posted nothing more.
    expect(jira.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/issue/SHOP-142/comment', 'GET /rest/api/3/issue/SHOP-142/comment']);
    await panel.tab('Sign off').click();
    await expect.poll(() => panel.status().textContent(), { timeout: 30_000 }).toMatch(/^Posted to SHOP-142/);
    const withMarker = commentTexts('SHOP-142').filter((t) => t.includes(signOffMarker(id)));
    expect(withMarker).toHaveLength(1);
    await panel.page.close();
    await tab.close();
  });

  it('waits while the browser is offline, sends nothing, and posts once when it is back', async () => {
    const { tab } = await shopTabUnderTest();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    const before = commentTexts('SHOP-150').length;
    const requestsBefore = jira.requests.length;
    await ext.context.setOffline(true);
    try {
      await panel.signOff({ ticket: 'SHOP-150', verdict: 'Passed', notes: 'Fixed: the banner sits above the basket.' });
      await expect.poll(() => panel.status().textContent(), { timeout: 10_000 }).toMatch(/Waiting in the outbox/);
      await panel.tab('Outbox').click();
      await panel.page.getByText(/You are offline/).waitFor();
      expect(jira.requests.length).toBe(requestsBefore);
    } finally {
      await ext.context.setOffline(false);
    }
    // The panel hears "online" and wakes the outbox (the worker's own re-check is a minute away,
    // beyond this poll's patience).
    await panel.tab('Sign off').click();
    await expect.poll(() => panel.status().textContent(), { timeout: 30_000 }).toMatch(/^Posted to SHOP-150/);
    expect(commentTexts('SHOP-150').slice(before)).toEqual([expect.stringContaining('Fixed: the banner sits above the basket.')]);
    await panel.page.close();
    await tab.close();
  });
});

describe('signing off to GitHub', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub({ token: GITHUB_TOKEN, issues: { 'acme/shop#12': [] } });
    const apiUrl = github.origin.replace('127.0.0.1', 'github.localhost');
    await configure(ext, [demoSite(demo.siteOrigin, { tracker: { tracker: 'github', apiUrl, repo: 'acme/shop' } })]);
    await storeTrackerToken(ext, 'demo-shop', GITHUB_TOKEN, apiUrl);
  });
  afterAll(async () => {
    await github?.close();
    await configure(ext, [jiraSite()]);
  });

  it('posts a Markdown comment GitHub\'s API accepts, keeps the screenshot and offers to save it', async () => {
    const { tab } = await shopTabUnderTest();
    const panel = await SidePanelPage.open(ext, await tabIdOf(ext, tab));
    await panel.page.getByText(/GitHub cannot take images/).waitFor();

    await panel.signOff({ ticket: '#12', verdict: 'Passed', notes: 'Looks right.' });
    await expect.poll(() => panel.status().textContent(), { timeout: 15_000 }).toMatch(/^Posted to acme\/shop#12/);

    const posts = github.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts.flatMap((r) => github.validate(r))).toEqual([]);
    const [comment] = github.comments.get('acme/shop#12')!;
    for (const part of ['Passed', 'Looks right.', 'new-checkout', 'kept in Flagtab\'s sign-off history']) expect(comment!.body).toContain(part);

    await panel.tab('History').click();
    const [download] = await Promise.all([panel.page.waitForEvent('download'), panel.page.getByRole('button', { name: 'Save screenshot' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^flagtab-acme-shop-12-so-[a-z2-7]{20}\.png$/);
    const bytes = await import('node:fs/promises').then(async (fs) => fs.readFile((await download.path())!));
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    // The history exports as Markdown, with this sign-off and the link to its comment.
    const [exported] = await Promise.all([panel.page.waitForEvent('download'), panel.page.getByRole('button', { name: 'Export Markdown' }).click()]);
    expect(exported.suggestedFilename()).toMatch(/^flagtab-sign-offs-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = await import('node:fs/promises').then(async (fs) => fs.readFile((await exported.path())!, 'utf8'));
    expect(markdown).toContain('acme/shop#12');
    expect(markdown).toContain(comment!.html_url);
    await panel.page.close();
    await tab.close();
  });
});
