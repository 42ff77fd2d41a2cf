import { afterEach, describe, expect, it } from 'vitest';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import { createAzureDevOpsTracker, type AzureDevOpsConfig } from '../../lib/trackers/azure-devops';
import { TrackerError } from '../../lib/signoff/tracker';
import { startFakeAzureDevOps, type FakeAzureDevOps, type FakeAzureDevOpsData } from '../support/fake-trackers/azure-devops';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';

const TOKEN = 'fakepat0123456789abcdefghijklmnopqrstuvwxyz0123456789';
const PROJECT = 'Shop Web'; // a space, so the path must be encoded
const servers: FakeAzureDevOps[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function ado(extra: Partial<FakeAzureDevOpsData> = {}, options: { timeoutMs?: number; fetch?: typeof fetch } & Partial<Omit<AzureDevOpsConfig, 'baseUrl'>> = {}) {
  const api = await startFakeAzureDevOps({ token: TOKEN, organization: 'acme', projects: { [PROJECT]: { 4711: [] } }, ...extra });
  servers.push(api);
  const tracker = createAzureDevOpsTracker(
    { fetch: options.fetch ?? ((...args) => fetch(...args)), timeoutMs: options.timeoutMs },
    { baseUrl: `${api.origin}/`, organization: options.organization ?? 'acme', project: options.project ?? PROJECT, token: options.token ?? TOKEN },
  );
  return { api, tracker };
}

/** Every byte value, so a screenshot that is re-encoded on the way (as text, say) shows. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256))]);
const BASIC = `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`;

let ids = 0;
function signOff(extra: Partial<SignOff> = {}): SignOff {
  return {
    id: `so-${String(ids++).padStart(20, 'd')}`, siteId: 'shop', ticket: '4711', verdict: 'failed',
    notes: 'Checkout breaks with `new-checkout` on.', createdAt: Date.UTC(2025, 10, 21, 9),
    evidence: {
      url: 'https://shop.example/checkout', site: { id: 'shop', name: 'Acme shop' }, environment: 'staging',
      overrides: { 'new-checkout': true }, activeFlags: [{ key: 'max-items', value: 50, source: 'OpenFeature SDK' }],
      browser: 'Edge 142.0', flagtabVersion: '0.1.0', at: Date.UTC(2025, 10, 21, 10),
    },
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

const base = '/acme/Shop%20Web/_apis/wit';

describe('Azure DevOps tracker against a fake Azure DevOps REST API', () => {
  it('uploads the screenshot as an attachment, bytes intact, then posts one Markdown comment that embeds it', async () => {
    const { api, tracker } = await ado();
    const s = signOff({ screenshot: { base64: PNG.toString('base64'), width: 64, height: 64 } });
    const posted = await tracker.post(s);

    expect(tracker).toMatchObject({ id: 'azure-devops', label: 'Azure DevOps', uploadsScreenshots: true });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${base}/attachments`, `POST ${base}/workItems/4711/comments`]);
    for (const r of api.requests) {
      expect(r.headers.authorization).toBe(BASIC);
      expect(r.headers['x-tfs-fedauthredirect']).toBe('Suppress');
    }
    const [attachment] = api.attachments;
    expect(attachment).toMatchObject({ fileName: `flagtab-${s.id}.png`, contentType: 'application/octet-stream' });
    expect(attachment!.bytes.equals(PNG)).toBe(true);

    const [comment] = api.comments.get(4711)!;
    expect(comment!.format).toBe('markdown');
    expect(comment!.text).toContain(`![flagtab-${s.id}](${attachment!.url})`);
    for (const text of ['### QA sign\\-off\\: Failed', '> Checkout breaks with `new-checkout` on.', '| Environment | `staging` |', '| Browser | `Edge 142.0` |',
      '- `new-checkout = true`', '- `max-items = 50 (OpenFeature SDK)`', `<!-- ${signOffMarker(s.id)} -->`]) {
      expect(comment!.text).toContain(text);
    }
    expect(posted).toEqual({ url: `${api.origin}/acme/Shop%20Web/_workitems/edit/4711`, id: String(comment!.id), screenshotUrl: attachment!.url });
  });

  it('posts just the comment when the screenshot was dropped', async () => {
    const { api, tracker } = await ado();
    const posted = await tracker.post(signOff());
    expect(api.requests.map((r) => r.path)).toEqual([`${base}/workItems/4711/comments`]);
    expect(posted).not.toHaveProperty('screenshotUrl');
    expect(api.comments.get(4711)![0]!.text).not.toContain('![');
  });

  it('keeps hostile notes inert: no raw HTML reaches the comment, and the marker stays the only HTML comment', async () => {
    const { api, tracker } = await ado();
    const notes = 'Broken <script>alert(1)</script>\n<img src=x onerror=alert(2)>\n<a href="javascript:alert(3)">x</a> --> <!-- flagtab-sign-off:so-forged -->';
    await tracker.post(signOff({ notes, evidence: { ...signOff().evidence, environment: '<b>prod</b>' } }));
    const { text } = api.comments.get(4711)![0]!;
    expect(text).not.toMatch(/<(script|img|a )/i);
    expect(text).toContain('&lt;script>alert(1)&lt;/script>');
    expect(text).toContain('| Environment | `<b>prod</b>` |'); // shown as code, not markup
    expect(text.match(/<!--/g)).toHaveLength(1);
  });

  it('finds its own comment on the third page (oldest first, though Azure DevOps lists newest first by default), and no other sign-off\'s', async () => {
    const mine = signOff();
    const other = signOff();
    const texts = Array.from({ length: 450 }, (_, i) => `Comment ${i}`);
    texts[10] = `Earlier sign-off <!-- ${signOffMarker(other.id)} -->`;
    texts[420] = `Flagtab's <!-- ${signOffMarker(mine.id)} -->`;
    texts[445] = `> Quoting it: ${signOffMarker(mine.id)}`;
    const { api, tracker } = await ado({ projects: { [PROJECT]: { 4711: texts } } });

    const found = await tracker.findExisting(mine);
    const original = api.comments.get(4711)![420]!;
    expect(found).toEqual({ url: `${api.origin}/acme/Shop%20Web/_workitems/edit/4711`, id: String(original.id) });
    const tokens = api.requests.map((r) => r.query.get('continuationToken'));
    expect(tokens[0]).toBeNull();
    expect(new Set(tokens).size).toBe(3);
    expect(api.requests.map((r) => r.query.get('$top'))).toEqual(['200', '200', '200']);

    expect(await tracker.findExisting(signOff())).toBeUndefined();
  });

  it('finds what it posted, so a retry after a lost answer posts nothing twice', async () => {
    const { api, tracker } = await ado({ projects: { [PROJECT]: { 4711: ['LGTM'] } } });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(await tracker.findExisting(s)).toEqual({ url: posted.url, id: posted.id });
    expect(api.comments.get(4711)).toHaveLength(2);
  });

  it('after an upload whose comment failed, a retry uploads again and posts the comment once', async () => {
    let failComment = true;
    // The gateway drops the first comment, after the upload has gone through.
    const flaky: typeof fetch = async (input, init) => {
      if (failComment && String(input).includes('/comments?') && init?.method === 'POST') {
        failComment = false;
        return new Response('<html>502 Bad Gateway</html>', { status: 502 });
      }
      return fetch(input, init);
    };
    const { api, tracker } = await ado({}, { fetch: flaky });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await failure(tracker.post(s))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(api.attachments).toHaveLength(2);
    expect(api.comments.get(4711)!.map((c) => c.text.includes(api.attachments[1]!.url))).toEqual([true]);
    expect(posted.screenshotUrl).toBe(api.attachments[1]!.url);
  });

  it('refuses a ticket that is not a work item ID before sending anything', async () => {
    const { api, tracker } = await ado();
    for (const ticket of ['ENG-12', '#4711', '0', '47 11', '4711/../1', '99999999999']) {
      const error = await failure(tracker.post(signOff({ ticket })));
      expect(error.kind, ticket).toBe('ticket-not-found');
      expect(error.message).toContain('write its ID, like 4711');
    }
    expect(api.requests).toEqual([]);
  });

  describe('turns each Azure DevOps failure into a TrackerError that says what to do', () => {
    it('a rejected token: 401, the 203 sign-in page, or a redirect to sign in', async () => {
      const { api, tracker } = await ado({}, { token: 'expired-pat' });
      const rejected = await failure(tracker.post(signOff()));
      expect(rejected).toMatchObject({ kind: 'token-rejected', retryable: false });
      expect(rejected.message).toBe('The Azure DevOps token was rejected: it may have expired or been revoked; create a personal access token for this organization with the "Work Items: Read & write" scope (User settings → Personal access tokens) and paste it in Settings.');

      api.failNext(1, { status: 302, headers: { Location: 'https://spsprodweu5.vssps.visualstudio.com/_signin?realm=dev.azure.com' } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'token-rejected' });

      const { tracker: quirky } = await ado({ signInAs203: true }, { token: 'expired-pat' });
      expect(await failure(quirky.findExisting(signOff()))).toMatchObject({ kind: 'token-rejected' });
    });

    it('a project where the account may not edit work items', async () => {
      const { tracker } = await ado({ readOnlyProjects: [PROJECT] });
      expect(await tracker.findExisting(signOff())).toBeUndefined();
      const error = await failure(tracker.post(signOff()));
      expect(error.kind).toBe('forbidden');
      expect(error.message).toContain('Azure DevOps does not let the account post the comment on work item 4711 ("TF237111: The current user does not have permissions to save work items under the specified area path")');
      expect(error.message).toContain('"Edit work items in this node"');
    });

    it('a work item that does not exist (ticket-not-found), and a project or organization that does not (fix Settings)', async () => {
      const { api, tracker } = await ado();
      const missing = await failure(tracker.findExisting(signOff({ ticket: '4712' })));
      expect(missing.kind).toBe('ticket-not-found');
      expect(missing.message).toContain('work item 4712 was not found in Azure DevOps');
      expect(missing.message).toContain('TF401232: Work item 4712 does not exist, or you do not have permissions to read it');

      const project = createAzureDevOpsTracker({ fetch }, { baseUrl: api.origin, organization: 'acme', project: 'Shopp', token: TOKEN });
      for (const call of [() => project.post(signOff()), () => project.post(signOff({ screenshot: { base64: PNG.toString('base64') } }))]) {
        const error = await failure(call());
        expect(error).toMatchObject({ kind: 'needs-setup', retryable: false });
        expect(error.message).toContain('has no project "Shopp" in the organization "acme"');
        expect(error.message).toContain('TF200016');
        expect(error.message).toContain('check the organization and the project in Settings');
      }

      const org = createAzureDevOpsTracker({ fetch }, { baseUrl: api.origin, organization: 'acne', project: PROJECT, token: TOKEN });
      expect(await failure(org.findExisting(signOff()))).toMatchObject({ kind: 'needs-setup', message: expect.stringContaining('in the organization "acne"') });
    });

    it('429 and 503 with Retry-After, a server error, a timeout and a refused connection', async () => {
      const { api, tracker } = await ado({}, { timeoutMs: 200 });
      api.failNext(1, { status: 429, headers: { 'Retry-After': '30', 'X-RateLimit-Resource': 'WorkItemTracking', 'X-RateLimit-Delay': '5.0' }, body: { message: 'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource \'WorkItemTracking\'' } });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 30_000 });

      api.failNext(1, { status: 503, headers: { 'Retry-After': '10' }, body: '<html>Service Unavailable</html>' });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true, retryAfterMs: 10_000 });

      api.failNext(1, { status: 500, body: { message: 'VS402490: Internal error' } });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true });

      api.delayMs = 2_000;
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'timeout', retryable: true });
      api.delayMs = 0;

      await api.close();
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'network', retryable: true });
    });
  });
});

describe('Azure DevOps: Test connection says whom the token signs in as', () => {
  it('the right token: the name and account from connectionData, after checking the project exists', async () => {
    const { api, tracker } = await ado({ user: { displayName: 'Jane Doe', account: 'jane@acme.com' } });
    expect(await tracker.verify()).toBe('Jane Doe (jane@acme.com)');
    expect(api.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/acme/_apis/connectionData', BASIC],
      ['GET', `${base}/classificationnodes/areas`, BASIC],
    ]);
  });

  it('a wrong token, or one Azure DevOps takes as anonymous: token-rejected', async () => {
    const { tracker } = await ado({}, { token: 'wrong-pat' });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'token-rejected', message: expect.stringContaining('"Work Items: Read & write" scope') });

    const { api, tracker: anonymous } = await ado();
    api.failNext(1, { status: 200, body: { authenticatedUser: { id: 'aa', descriptor: 'Microsoft.TeamFoundation.UnauthenticatedIdentity;S-1-0-0', providerDisplayName: 'Anonymous' } } });
    expect(await failure(anonymous.verify())).toMatchObject({ kind: 'token-rejected' });
  });

  it('a mistyped organization or project: needs-setup, naming which', async () => {
    const { tracker: org } = await ado({}, { organization: 'acne' });
    expect(await failure(org.verify())).toMatchObject({ kind: 'needs-setup', message: expect.stringContaining('has no organization "acne"') });
    const { tracker: project } = await ado({}, { project: 'Shopp' });
    expect(await failure(project.verify())).toMatchObject({ kind: 'needs-setup', message: expect.stringContaining('has no project "Shopp"') });
  });
});

describe('Azure DevOps: a post the browser sent twice', () => {
  it('ends with exactly one comment: the oldest kept, the copy deleted (DELETE …/comments/{commentId})', async () => {
    const { api, tracker } = await ado({ projects: { [PROJECT]: { 4711: ['Someone else'] } } });
    const s = signOff({ id: 'so-abcdefghijklmnopqrst', screenshot: undefined });
    api.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const entry = await sendThroughOutbox(tracker, s);

    const list = api.comments.get(4711)!;
    const mine = list.filter((c) => c.text.includes(signOffMarker(s.id)));
    expect(mine).toHaveLength(1);
    expect(list).toHaveLength(2);
    expect(entry?.duplicates).toEqual({ kept: String(mine[0]!.id), removed: [String(mine[0]!.id + 1)] });
    const deletes = api.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => `${r.path}?${r.query}`)).toEqual([`/acme/${encodeURIComponent(PROJECT)}/_apis/wit/workItems/4711/comments/${mine[0]!.id + 1}?api-version=7.1-preview.4`]);
  });
});
