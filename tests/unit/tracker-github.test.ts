import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import { registerSignOff } from '../../lib/background/signoff';
import { loadWorkDirectly } from '../support/work';
import { SiteSchema } from '../../lib/config/schema';
import { createSecretsStore } from '../../lib/secrets/store';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import { SCREENSHOT_KEPT_LOCALLY, createGitHubTracker } from '../../lib/trackers/github';
import { TrackerError } from '../../lib/signoff/tracker';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubData } from '../support/fake-trackers/github';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';

const TOKEN = 'github_pat_11AAAA0fake';
const servers: FakeApi[] = [];
/** Every request Flagtab sent to a fake GitHub must match GitHub's OpenAPI description. */
const gitHubs: FakeGitHub[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const api of gitHubs.splice(0)) {
    for (const request of api.requests) expect(api.validate(request), `${request.method} ${request.path}`).toEqual([]);
  }
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function github(extra: Partial<FakeGitHubData> = {}, options: { timeoutMs?: number; token?: string } = {}) {
  const api = await startFakeGitHub({ token: TOKEN, issues: { 'acme/shop#12': [] }, ...extra });
  servers.push(api);
  gitHubs.push(api);
  const tracker = createGitHubTracker({ fetch: (...args) => fetch(...args), timeoutMs: options.timeoutMs }, { apiUrl: api.origin, token: options.token ?? TOKEN });
  return { api, tracker };
}

let ids = 0;
function signOff(extra: Partial<SignOff> = {}): SignOff {
  const id = `so-${String(ids++).padStart(20, 'a')}`;
  return {
    id, siteId: 'shop', ticket: 'acme/shop#12', verdict: 'failed', notes: 'The banner overlaps the **Pay** button on iPhone SE.',
    createdAt: Date.UTC(2025, 10, 21, 9),
    evidence: {
      url: 'https://shop.example/checkout', site: { id: 'shop', name: 'Acme shop' }, environment: 'production',
      overrides: { 'new-checkout': true, 'hero-banner': 'summer' },
      activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }],
      browser: 'Chrome 142.0.7444.59', flagtabVersion: '0.1.0', who: 'Paula (PO)', at: Date.UTC(2025, 10, 21, 10),
    },
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

describe('GitHub tracker against a fake GitHub REST API', () => {
  it('posts one Markdown comment with the verdict, notes, evidence and marker, as GitHub documents it', async () => {
    const { api, tracker } = await github();
    const s = signOff();
    const posted = await tracker.post(s);

    expect(tracker).toMatchObject({ id: 'github', uploadsScreenshots: false });
    const [comment] = api.comments.get('acme/shop#12')!;
    expect(posted).toEqual({ url: `https://github.com/acme/shop/issues/12#issuecomment-${comment!.id}`, id: String(comment!.id) });
    const request = api.requests[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/repos/acme/shop/issues/12/comments' });
    expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
    const body = (request.body as { body: string }).body;
    for (const text of ['### QA sign\\-off\\: Failed', '> The banner overlaps the **Pay** button on iPhone SE.', '| Site | `Acme shop` |', '| Environment | `production` |',
      '| Signed off by | `Paula (PO)` |', '- `new-checkout = true`', '- `hero-banner = "summer"`', '- `new-checkout = true (server echo header)`', `<!-- ${signOffMarker(s.id)} -->`]) {
      expect(body).toContain(text);
    }
    // No screenshot, so nothing is said about one.
    expect(body).not.toContain('screenshot');
  });

  it('says the screenshot stays in Flagtab, since the REST API cannot upload images', async () => {
    const { api, tracker } = await github();
    await tracker.post(signOff({ screenshot: { base64: 'iVBORw0KGgo=', width: 1, height: 1 } }));
    const body = (api.requests[0]!.body as { body: string }).body;
    expect(body).toContain(SCREENSHOT_KEPT_LOCALLY);
    expect(body).not.toContain('iVBORw0KGgo');
  });

  it('finds its own comment on the third page, following Link rel="next", and no other sign-off\'s', async () => {
    const mine = signOff();
    const other = signOff();
    const bodies = Array.from({ length: 250 }, (_, i) => `Comment ${i}`);
    bodies[40] = `Earlier sign-off <!-- ${signOffMarker(other.id)} -->`;
    bodies[230] = `Flagtab's <!-- ${signOffMarker(mine.id)} -->`;
    bodies[240] = `> Quoting it: ${signOffMarker(mine.id)}`;
    const { api, tracker } = await github({ issues: { 'acme/shop#12': bodies } });

    const found = await tracker.findExisting(mine);
    const original = api.comments.get('acme/shop#12')![230]!;
    expect(found).toEqual({ url: original.html_url, id: String(original.id) });
    expect(api.requests.map((r) => [r.query.get('per_page'), r.query.get('page')])).toEqual([['100', null], ['100', '2'], ['100', '3']]);

    expect(await tracker.findExisting(signOff())).toBeUndefined();
  });

  it('finds what it posted, so a retry after a lost answer posts nothing twice', async () => {
    const { api, tracker } = await github({ issues: { 'acme/shop#12': ['LGTM'] } });
    const s = signOff();
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(await tracker.findExisting(s)).toEqual(posted);
    expect(api.comments.get('acme/shop#12')).toHaveLength(2);
  });

  it('refuses a next-page link to another origin and sends the token nowhere else', async () => {
    const elsewhere = await startFakeApi({ authorize: () => undefined, routes: [] });
    servers.push(elsewhere);
    const { api, tracker } = await github({ issues: { 'acme/shop#12': Array.from({ length: 150 }, (_, i) => `Comment ${i}`) } });
    api.linkOrigin = elsewhere.origin;
    const error = await failure(tracker.findExisting(signOff()));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain(`points at ${elsewhere.origin}, not ${api.origin}; Flagtab does not send your token anywhere else`);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses a ticket that is not owner/repo#number before sending anything', async () => {
    const { api, tracker } = await github();
    for (const ticket of ['SHOP-142', 'acme/shop', 'acme/../shop#1', 'acme/..#1', '#12', 'a/b/c#1']) {
      const error = await failure(tracker.post(signOff({ ticket })));
      expect(error.kind, ticket).toBe('ticket-not-found');
      expect(error.message).toContain('write it as owner/repo#123');
    }
    expect(api.requests).toEqual([]);
  });

  describe('turns each GitHub failure into a TrackerError that says what to do', () => {
    it('a rejected token', async () => {
      const { tracker } = await github({}, { token: 'ghp_revoked' });
      const error = await failure(tracker.post(signOff()));
      expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
      expect(error.message).toBe('The GitHub token was rejected ("Bad credentials"): it may have expired or been revoked; create a new one (fine-grained with "Issues: Read and write" on the repository, or classic with the repo scope) and paste it in Settings.');
    });

    it('the primary rate limit used up: a 403 with x-ratelimit-remaining 0, waited out until x-ratelimit-reset', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.UTC(2025, 10, 21, 10));
      const { api, tracker } = await github();
      api.rateLimit = { remaining: 0, reset: Date.UTC(2025, 10, 21, 10, 2) / 1000 };
      const error = await failure(tracker.post(signOff()));
      expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 120_000 });
      expect(error.message).toContain('API rate limit exceeded');
    });

    it('a secondary rate limit: a 403 with Retry-After', async () => {
      const { api, tracker } = await github();
      api.failNext(1, { status: 403, headers: { 'Retry-After': '45' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 45_000 });
      api.failNext(1, { status: 429, headers: { 'Retry-After': '7' }, body: { message: 'Too many requests' } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000 });
    });

    it('a repository the token may only read, and a locked issue', async () => {
      const { tracker } = await github({ issues: { 'acme/shop#12': [], 'acme/docs#3': [] }, readOnlyRepos: ['acme/docs'], locked: ['acme/shop#12'] });
      const readOnly = await failure(tracker.post(signOff({ ticket: 'acme/docs#3' })));
      expect(readOnly).toMatchObject({ kind: 'forbidden', retryable: false });
      expect(readOnly.message).toContain('("Resource not accessible by personal access token")');
      expect(readOnly.message).toContain('give the token "Issues: Read and write" on the repository');
      const locked = await failure(tracker.post(signOff()));
      expect(locked).toMatchObject({ kind: 'forbidden' });
      expect(locked.message).toContain('Unable to create comment because issue is locked');
    });

    it('an issue that does not exist, or sits in a private repository the token cannot see', async () => {
      const { tracker } = await github();
      for (const ticket of ['acme/shop#99', 'acme/secret#1']) {
        const error = await failure(tracker.findExisting(signOff({ ticket })));
        expect(error.kind).toBe('ticket-not-found');
        expect(error.message).toContain(`${ticket} was not found in GitHub`);
        expect(error.message).toContain('GitHub also answers "not found" for a private repository the token cannot see');
      }
    });

    it('issues turned off on the repository (410)', async () => {
      const { tracker } = await github({ issues: { 'acme/shop#12': [] }, issuesDisabled: ['acme/shop'] });
      const error = await failure(tracker.post(signOff()));
      expect(error).toMatchObject({ kind: 'invalid', retryable: false });
      expect(error.message).toBe("Issues are turned off on acme/shop: turn them on in the repository's settings (General → Features → Issues), or sign off on another ticket.");
    });

    it('a comment GitHub refuses (422), with its reasons', async () => {
      const { tracker } = await github();
      const error = await failure(tracker.post(signOff({ notes: 'x'.repeat(70_000) })));
      expect(error.kind).toBe('invalid');
      expect(error.message).toContain('Validation Failed: body is too long (maximum is 65536 characters)');
    });

    it('a renamed repository (301), a server error, an HTML page, a timeout and a refused connection', async () => {
      const { api, tracker } = await github({}, { timeoutMs: 200 });
      api.failNext(1, { status: 301, headers: { Location: `${api.origin}/repositories/1/issues/12/comments` }, body: { message: 'Moved Permanently' } });
      const moved = await failure(tracker.post(signOff()));
      expect(moved).toMatchObject({ kind: 'ticket-not-found' });
      expect(moved.message).toContain("acme/shop has moved or been renamed on GitHub: write the ticket with the repository's new owner/name");

      api.failNext(1, { status: 502, body: { message: 'Server Error' } });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true });

      api.failNext(1, { status: 200, body: '<html>Sign in to the hotel Wi-Fi</html>', headers: { 'Content-Type': 'text/html' } });
      const portal = await failure(tracker.findExisting(signOff()));
      expect(portal.kind).toBe('invalid');
      expect(portal.message).toContain('it starts "<html>Sign in to the hotel Wi-Fi</html>"');

      api.delayMs = 2_000;
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'timeout', retryable: true });
      api.delayMs = 0;

      await api.close();
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'network', retryable: true });
    });
  });
});

describe('GitHub: Test connection says whom the token signs in as', () => {
  it('the right token: the name and login from GET /user, a request GitHub documents, sent to the API only', async () => {
    const api = await startFakeGitHub({ token: TOKEN, issues: {}, user: { login: 'octo-po', name: 'Jane Doe' } });
    servers.push(api);
    gitHubs.push(api);
    const urls: string[] = [];
    const tracker = createGitHubTracker({ fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) }, { apiUrl: `${api.origin}/`, token: TOKEN });
    expect(await tracker.verify()).toBe('Jane Doe (octo-po)');
    expect(api.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['GET', '/user', `Bearer ${TOKEN}`]]);
    expect(urls).toEqual([`${api.origin}/user`]);
  });

  it('the options page hears "Connected to GitHub as …", under the name it gives the tracker', async () => {
    const api = await startFakeGitHub({ token: TOKEN, issues: {}, user: { login: 'octo-po', name: 'Jane Doe' } });
    servers.push(api);
    gitHubs.push(api);
    fakeBrowser.reset();
    // The background's own "Test sign-off connection", with host access to the fake GitHub granted.
    const browser = { ...fakeBrowser, permissions: { contains: () => Promise.resolve(true) } } as unknown as Browser;
    const { testTracker } = registerSignOff(browser, {
      sites: async () => [], overridesOf: async () => ({}), catalogueOf: () => Promise.reject(new Error('not needed')),
      ticketsOf: () => Promise.reject(new Error('not needed')),
      detectionsOf: async () => undefined, secrets: createSecretsStore(fakeBrowser.storage.local), loadWork: loadWorkDirectly,
    });
    const site = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', inline: '[]' }, tracker: { tracker: 'github', apiUrl: api.origin } });
    expect(await testTracker(site, TOKEN)).toEqual({ ok: true, message: 'Connected to GitHub as Jane Doe (octo-po).' });
  });

  it('an account without a name: the login alone', async () => {
    const { tracker } = await github({ user: { login: 'octo-po', name: null } });
    expect(await tracker.verify()).toBe('octo-po');
  });

  it('a wrong token: token-rejected, saying which token to create', async () => {
    const { tracker } = await github({}, { token: 'ghp_wrong' });
    const error = await failure(tracker.verify());
    expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
    expect(error.message).toMatch(/^The GitHub token was rejected \("Bad credentials"\): .*fine-grained with "Issues: Read and write"/);
  });

  it('an address that is not GitHub\'s API: invalid, naming the right one', async () => {
    const elsewhere = await startFakeApi({ authorize: () => undefined, routes: [] });
    servers.push(elsewhere);
    const tracker = createGitHubTracker({ fetch: (...args) => fetch(...args) }, { apiUrl: elsewhere.origin, token: TOKEN });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'invalid', message: expect.stringContaining('use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server') });
  });
});

describe("the fake GitHub checks requests against GitHub's OpenAPI description", () => {
  it('rejects requests that do not match it, with the reasons', async () => {
    const api = await startFakeGitHub({ token: TOKEN, issues: { 'acme/shop#12': [] } });
    servers.push(api);
    const send = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${api.origin}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...init.headers } });
      return { status: response.status, message: ((await response.json()) as { message: string }).message };
    };
    const comments = '/repos/acme/shop/issues/12/comments';

    expect(await send(comments, { method: 'POST', body: JSON.stringify({ text: 'LGTM' }) })).toEqual({ status: 422, message: "Invalid request.\n\nbody must have required property 'body'" });
    expect(await send(comments, { method: 'POST', body: JSON.stringify({ body: 42 }) })).toEqual({ status: 422, message: 'Invalid request.\n\nbody/body must be string' });
    expect(await send(comments, { method: 'POST', body: 'body=LGTM' })).toEqual({ status: 400, message: 'Problems parsing JSON' });
    expect(await send(`${comments}?per_page=lots`)).toEqual({ status: 422, message: 'Invalid request.\n\nquery parameters/per_page must be integer' });
    expect(await send(`${comments}?perpage=100`)).toEqual({ status: 422, message: 'Invalid request.\n\nquery parameters must NOT have additional properties (perpage)' });
    expect(await send('/repos/acme/shop/issues/twelve/comments')).toEqual({ status: 422, message: 'Invalid request.\n\npath parameters/issue_number must be integer' });
    expect(await send('/repos/acme/shop/issues/12/notes', { method: 'POST', body: '{}' })).toEqual({ status: 404, message: 'Not Found' });
    expect(api.comments.get('acme/shop#12')).toEqual([]);
    expect(await send(comments, { method: 'POST', body: JSON.stringify({ body: 'LGTM' }) })).toMatchObject({ status: 201 });
  });

  it('answers as GitHub documents: a created comment, a page of comments, its errors', async () => {
    const api = await startFakeGitHub({ token: TOKEN, issues: { 'acme/shop#12': ['LGTM'] } });
    servers.push(api);
    const comments = '/repos/acme/shop/issues/12/comments';
    const answer = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${api.origin}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const created = await answer(comments, { method: 'POST', body: JSON.stringify({ body: 'Passed' }) });
    expect(api.validateResponse('POST', comments, created.status, created.body)).toEqual([]);
    const listed = await answer(comments);
    expect(listed.body).toHaveLength(2);
    expect(api.validateResponse('GET', comments, listed.status, listed.body)).toEqual([]);
    const missing = await answer('/repos/acme/shop/issues/99/comments', { method: 'POST', body: JSON.stringify({ body: 'Passed' }) });
    expect(api.validateResponse('POST', comments, missing.status, missing.body)).toEqual([]);
    const tooLong = await answer(comments, { method: 'POST', body: JSON.stringify({ body: 'x'.repeat(70_000) }) });
    expect(tooLong.status).toBe(422);
    expect(api.validateResponse('POST', comments, tooLong.status, tooLong.body)).toEqual([]);
    const user = await answer('/user');
    expect(api.validateResponse('GET', '/user', user.status, user.body)).toEqual([]);
    // The check itself bites: a comment without its required fields is not what GitHub documents.
    expect(api.validateResponse('POST', comments, 201, { id: 1, body: 'x' })).toContain("answer must have required property 'node_id'");
  });
});

describe('GitHub: a post the browser sent twice', () => {
  it('ends with exactly one comment: the oldest kept, the copy deleted as GitHub documents it; a reply quoting the marker stays', async () => {
    const { api, tracker } = await github();
    const s = signOff({ id: 'so-abcdefghijklmnopqrst' });
    api.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const entry = await sendThroughOutbox(tracker, s);

    const list = api.comments.get('acme/shop#12')!;
    expect(list.filter((c) => c.body.includes(signOffMarker(s.id)))).toHaveLength(1);
    expect(entry?.comment.id).toBe(String(list[0]!.id));
    expect(entry?.duplicates).toEqual({ kept: String(list[0]!.id), removed: [String(list[0]!.id + 1)] });
    const deletes = api.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual([`/repos/acme/shop/issues/comments/${list[0]!.id + 1}`]);
    for (const r of deletes) expect(api.validate(r)).toEqual([]);
    expect(api.validateResponse('DELETE', deletes[0]!.path, 204, undefined)).toEqual([]);

    // A person quotes the sign-off in a reply; a later retry of the same sign-off leaves it alone.
    const quoted = `> ${signOffMarker(s.id)}\n\nAgreed.`;
    api.comments.get('acme/shop#12')!.push({ id: 2_000_000, body: quoted, html_url: 'https://github.com/acme/shop/issues/12#issuecomment-2000000' });
    await sendThroughOutbox(tracker, s);
    expect(api.comments.get('acme/shop#12')!.map((c) => c.body.startsWith('>'))).toEqual([false, true]);
  });
});
