import { afterEach, describe, expect, it } from 'vitest';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import { createGitLabTracker } from '../../lib/trackers/gitlab';
import { TrackerError } from '../../lib/signoff/tracker';
import { startFakeGitLab, type FakeGitLab, type FakeGitLabData } from '../support/fake-trackers/gitlab';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';

const TOKEN = 'glpat-fake0123456789abcd';
const servers: FakeGitLab[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function gitlab(extra: Partial<FakeGitLabData> = {}, options: { timeoutMs?: number; token?: string } = {}) {
  const api = await startFakeGitLab({ token: TOKEN, projects: { 'acme/web/shop': { id: 4711, issues: { 7: [] } } }, ...extra });
  servers.push(api);
  const tracker = createGitLabTracker({ fetch: (...args) => fetch(...args), timeoutMs: options.timeoutMs }, { baseUrl: api.origin, token: options.token ?? TOKEN });
  return { api, tracker };
}

/** Every byte value, so a screenshot that is re-encoded on the way (as text, say) shows. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256))]);

let ids = 0;
function signOff(extra: Partial<SignOff> = {}): SignOff {
  return {
    id: `so-${String(ids++).padStart(20, 'b')}`, siteId: 'shop', ticket: 'acme/web/shop#7', verdict: 'passed',
    notes: 'Checkout works with `new-checkout` on.', createdAt: Date.UTC(2025, 10, 21, 9),
    evidence: {
      url: 'https://shop.example/checkout', site: { id: 'shop', name: 'Acme shop' }, environment: 'staging',
      overrides: { 'new-checkout': true }, activeFlags: [{ key: 'max-items', value: 50, source: 'OpenFeature SDK' }],
      browser: 'Firefox 145.0', flagtabVersion: '0.1.0', at: Date.UTC(2025, 10, 21, 10),
    },
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

describe('GitLab tracker against a fake GitLab REST API v4', () => {
  it('uploads the screenshot, bytes intact, then posts one note that embeds it', async () => {
    const { api, tracker } = await gitlab();
    const s = signOff({ screenshot: { base64: PNG.toString('base64'), width: 64, height: 64 } });
    const posted = await tracker.post(s);

    expect(tracker).toMatchObject({ id: 'gitlab', uploadsScreenshots: true });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v4/projects/acme%2Fweb%2Fshop/uploads',
      'POST /api/v4/projects/acme%2Fweb%2Fshop/issues/7/notes',
    ]);
    for (const r of api.requests) expect(r.headers['private-token']).toBe(TOKEN);
    const [upload] = api.uploads;
    expect(upload).toMatchObject({ project: 'acme/web/shop', filename: `flagtab-${s.id}.png`, contentType: 'image/png' });
    expect(upload!.bytes.equals(PNG)).toBe(true);

    const [note] = api.notes.get('acme/web/shop#7')!;
    expect(note!.body).toContain(`![flagtab-${s.id}](${upload!.url})`);
    for (const text of ['### QA sign\\-off\\: Passed', '> Checkout works with `new-checkout` on.', '| Environment | `staging` |', '| Browser | `Firefox 145.0` |',
      '- `new-checkout = true`', '- `max-items = 50 (OpenFeature SDK)`', `<!-- ${signOffMarker(s.id)} -->`]) {
      expect(note!.body).toContain(text);
    }
    expect(posted).toEqual({ url: `${api.origin}/acme/web/shop/-/issues/7#note_${note!.id}`, id: String(note!.id), screenshotUrl: `${api.origin}${upload!.full_path}` });
  });

  it('posts just the note when the screenshot was dropped', async () => {
    const { api, tracker } = await gitlab();
    const posted = await tracker.post(signOff());
    expect(api.requests.map((r) => r.path)).toEqual(['/api/v4/projects/acme%2Fweb%2Fshop/issues/7/notes']);
    expect(posted).not.toHaveProperty('screenshotUrl');
    expect(api.notes.get('acme/web/shop#7')![0]!.body).not.toContain('![');
  });

  it('finds its own note on the third page, following X-Next-Page, and no other sign-off\'s or GitLab\'s own', async () => {
    const mine = signOff();
    const other = signOff();
    const bodies = Array.from({ length: 250 }, (_, i) => `Note ${i}`);
    bodies[10] = `Earlier sign-off <!-- ${signOffMarker(other.id)} -->`;
    bodies[220] = `Flagtab's <!-- ${signOffMarker(mine.id)} -->`;
    bodies[245] = `> Quoting it: ${signOffMarker(mine.id)}`;
    const { api, tracker } = await gitlab({ projects: { 'acme/web/shop': { id: 4711, issues: { 7: bodies } } } });
    // A system note mentioning the marker ("mentioned in …") comes first but is never Flagtab's.
    api.notes.get('acme/web/shop#7')!.unshift({ id: 1, body: `mentioned in ${signOffMarker(mine.id)}`, system: true });

    const found = await tracker.findExisting(mine);
    const original = api.notes.get('acme/web/shop#7')![221]!;
    expect(found).toEqual({ url: `${api.origin}/acme/web/shop/-/issues/7#note_${original.id}`, id: String(original.id) });
    expect(api.requests.map((r) => [r.query.get('per_page'), r.query.get('page'), r.query.get('sort')])).toEqual([['100', '1', 'asc'], ['100', '2', 'asc'], ['100', '3', 'asc']]);

    expect(await tracker.findExisting(signOff())).toBeUndefined();
  });

  it('finds what it posted, so a retry after a lost answer posts nothing twice', async () => {
    const { api, tracker } = await gitlab({ projects: { 'acme/web/shop': { id: 4711, issues: { 7: ['LGTM'] } } } });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(await tracker.findExisting(s)).toEqual({ url: posted.url, id: posted.id });
    expect(api.notes.get('acme/web/shop#7')).toHaveLength(2);
  });

  it('after an upload whose note failed, a retry uploads again and posts the note once', async () => {
    const api = await startFakeGitLab({ token: TOKEN, projects: { 'acme/web/shop': { id: 4711, issues: { 7: [] } } } });
    servers.push(api);
    let failNote = true;
    // The gateway drops the first note, after the upload has gone through.
    const flaky: typeof fetch = async (input, init) => {
      if (failNote && String(input).endsWith('/notes') && init?.method === 'POST') {
        failNote = false;
        return new Response('{"message":"502 Bad Gateway"}', { status: 502 });
      }
      return fetch(input, init);
    };
    const tracker = createGitLabTracker({ fetch: flaky }, { baseUrl: api.origin, token: TOKEN });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await failure(tracker.post(s))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(api.uploads).toHaveLength(2);
    expect(api.notes.get('acme/web/shop#7')!.map((n) => n.body.includes(api.uploads[1]!.url))).toEqual([true]);
    expect(posted.screenshotUrl).toBe(`${api.origin}${api.uploads[1]!.full_path}`);
  });

  it('refuses a ticket that is not group/project#iid before sending anything', async () => {
    const { api, tracker } = await gitlab();
    for (const ticket of ['SHOP-142', 'shop#7', 'acme/web/shop', 'acme/../shop#7', 'acme/web/shop!7', 'acme/web/shop#0']) {
      const error = await failure(tracker.post(signOff({ ticket })));
      expect(error.kind, ticket).toBe('ticket-not-found');
      expect(error.message).toContain('write it as group/project#7');
    }
    expect(api.requests).toEqual([]);
  });

  describe('turns each GitLab failure into a TrackerError that says what to do', () => {
    it('a rejected token, and one with only the read_api scope', async () => {
      const { tracker } = await gitlab({}, { token: 'glpat-expired' });
      const rejected = await failure(tracker.post(signOff()));
      expect(rejected).toMatchObject({ kind: 'token-rejected', retryable: false });
      expect(rejected.message).toBe('The GitLab token was rejected ("401 Unauthorized"): it may have expired or been revoked; create a personal access token with the api scope (Preferences → Access tokens) and paste it in Settings.');

      const { tracker: reader } = await gitlab({ readOnlyTokens: ['glpat-reader'] }, { token: 'glpat-reader' });
      expect(await reader.findExisting(signOff())).toBeUndefined();
      const scope = await failure(reader.post(signOff()));
      expect(scope.kind).toBe('forbidden');
      expect(scope.message).toContain('The request requires higher privileges than provided by the access token');
      expect(scope.message).toContain('the token needs the api scope (read_api cannot comment)');
    });

    it('a project the account may read but not comment on', async () => {
      const { tracker } = await gitlab({ notMemberOf: ['acme/web/shop'] });
      const error = await failure(tracker.post(signOff()));
      expect(error.kind).toBe('forbidden');
      expect(error.message).toContain('GitLab does not let the account post the comment on acme/web/shop#7 ("403 Forbidden")');
    });

    it('a project or issue that does not exist, or that the token cannot see', async () => {
      const { tracker } = await gitlab();
      for (const [ticket, said] of [['acme/web/secret#7', '404 Project Not Found'], ['acme/web/shop#8', '404 Issue Not Found']] as const) {
        const error = await failure(tracker.findExisting(signOff({ ticket })));
        expect(error.kind).toBe('ticket-not-found');
        expect(error.message).toContain(`${ticket} was not found in GitLab`);
        expect(error.message).toContain(`("${said}")`);
        expect(error.message).toContain('GitLab also answers "not found" for a private project the token cannot see');
      }
    });

    it('a screenshot over the size limit, and a note GitLab refuses', async () => {
      const { api, tracker } = await gitlab({ maxUploadBytes: 1024 });
      const big = await failure(tracker.post(signOff({ screenshot: { base64: PNG.toString('base64') } })));
      expect(big.kind).toBe('invalid');
      expect(big.message).toContain('upload the screenshot on acme/web/shop#7 (HTTP 413: 413 Request Entity Too Large)');
      expect(api.notes.get('acme/web/shop#7')).toEqual([]);

      const long = await failure(tracker.post(signOff({ notes: 'x'.repeat(1_000_001) })));
      expect(long.kind).toBe('invalid');
      expect(long.message).toContain('body is too long (maximum is 1000000 characters)');
    });

    it('429 with Retry-After, a server error, a timeout and a refused connection', async () => {
      const { api, tracker } = await gitlab({}, { timeoutMs: 200 });
      api.failNext(1, { status: 429, headers: { 'Retry-After': '30', 'Content-Type': 'text/plain' }, body: 'Retry later\n' });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 30_000 });

      api.failNext(1, { status: 500, body: { message: '500 Internal Server Error' } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true });

      api.delayMs = 2_000;
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'timeout', retryable: true });
      api.delayMs = 0;

      await api.close();
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'network', retryable: true });
    });
  });
});

describe('GitLab: Test connection says whom the token signs in as', () => {
  it('the right token: the name and username from GET /api/v4/user, sent in PRIVATE-TOKEN to the instance only', async () => {
    const api = await startFakeGitLab({ token: TOKEN, projects: {}, user: { username: 'jdoe', name: 'Jane Doe' } });
    servers.push(api);
    const urls: string[] = [];
    const tracker = createGitLabTracker({ fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) }, { baseUrl: `${api.origin}/`, token: TOKEN });
    expect(await tracker.verify()).toBe('Jane Doe (@jdoe)');
    expect(api.requests.map((r) => [r.method, r.path, r.headers['private-token']])).toEqual([['GET', '/api/v4/user', TOKEN]]);
    expect(urls).toEqual([`${api.origin}/api/v4/user`]);
  });

  it('a wrong token: token-rejected, saying to create one with the api scope', async () => {
    const { tracker } = await gitlab({}, { token: 'glpat-wrong' });
    const error = await failure(tracker.verify());
    expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
    expect(error.message).toBe('The GitLab token was rejected ("401 Unauthorized"): it may have expired or been revoked; create a personal access token with the api scope (Preferences → Access tokens) and paste it in Settings.');
  });

  it('a token whose scopes cannot read the account (403): forbidden, saying which scope to give', async () => {
    const { tracker } = await gitlab({ noUserScopeTokens: ['glpat-repo-only'] }, { token: 'glpat-repo-only' });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('create one with the api scope') });
  });

  it('an address with no GitLab API: invalid, saying to check the address', async () => {
    const { api } = await gitlab();
    const tracker = createGitLabTracker({ fetch: (...args) => fetch(...args) }, { baseUrl: `${api.origin}/gitlab`, token: TOKEN });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'invalid', message: expect.stringContaining(`${api.origin}/gitlab has no GitLab API`) });
  });
});

describe('GitLab: a post the browser sent twice', () => {
  it('ends with exactly one note: the oldest kept, the copy deleted (DELETE …/notes/{note_id}); system notes and other notes stay', async () => {
    const { api, tracker } = await gitlab({ projects: { 'acme/web/shop': { id: 4711, issues: { 7: ['Someone else'] } } } });
    api.addSystemNote('acme/web/shop#7', 'changed the description');
    const s = signOff({ id: 'so-abcdefghijklmnopqrst' });
    api.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const entry = await sendThroughOutbox(tracker, s);

    const list = api.notes.get('acme/web/shop#7')!;
    const mine = list.filter((n) => n.body.includes(signOffMarker(s.id)));
    expect(mine).toHaveLength(1);
    expect(list).toHaveLength(3);
    expect(entry?.comment.id).toBe(String(mine[0]!.id));
    expect(entry?.duplicates).toEqual({ kept: String(mine[0]!.id), removed: [String(mine[0]!.id + 1)] });
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v4/projects/acme%2Fweb%2Fshop/issues/7/notes/${mine[0]!.id + 1}`]);
  });
});
