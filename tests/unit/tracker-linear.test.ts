import { afterEach, describe, expect, it } from 'vitest';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import { createLinearTracker } from '../../lib/trackers/linear';
import { TrackerError } from '../../lib/signoff/tracker';
import { linearRateLimited, startFakeLinear, type FakeLinear, type FakeLinearData } from '../support/fake-trackers/linear';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';

const KEY = 'lin_api_fake0123456789abcdefghijklmnopqrstuv';
const servers: FakeLinear[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function linear(extra: Partial<FakeLinearData> = {}, options: { timeoutMs?: number; apiKey?: string; fetch?: typeof fetch } = {}) {
  const api = await startFakeLinear({ apiKey: KEY, issues: { 'ENG-12': [] }, ...extra });
  servers.push(api);
  const tracker = createLinearTracker({ fetch: options.fetch ?? ((...args) => fetch(...args)), timeoutMs: options.timeoutMs }, { apiUrl: `${api.origin}/`, apiKey: options.apiKey ?? KEY });
  return { api, tracker };
}

/** Every byte value, so a screenshot that is re-encoded on the way (as text, say) shows. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256))]);

let ids = 0;
function signOff(extra: Partial<SignOff> = {}): SignOff {
  return {
    id: `so-${String(ids++).padStart(20, 'c')}`, siteId: 'shop', ticket: 'ENG-12', verdict: 'passed',
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

/** The GraphQL operation a recorded request sent: its first field ("fileUpload", "commentCreate"…). */
const operation = (api: FakeLinear, i: number) => /\{\s*(\w+)/.exec((api.requests[i]!.body as { query: string }).query)?.[1];

describe('Linear tracker against a fake Linear GraphQL API', () => {
  it('uploads the screenshot, bytes intact and without the API key, then posts one comment that embeds it', async () => {
    const { api, tracker } = await linear();
    const s = signOff({ screenshot: { base64: PNG.toString('base64'), width: 64, height: 64 } });
    const posted = await tracker.post(s);

    expect(tracker).toMatchObject({ id: 'linear', label: 'Linear', uploadsScreenshots: true });
    const [upload] = api.uploads;
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql', `PUT ${upload!.uploadPath}`, 'POST /graphql']);
    expect([operation(api, 0), operation(api, 2)]).toEqual(['fileUpload', 'commentCreate']);
    for (const i of [0, 2]) expect(api.requests[i]!.headers.authorization).toBe(KEY); // the key as is: no "Bearer"
    const put = api.requests[1]!;
    expect(put.headers.authorization).toBeUndefined();
    expect(Object.values(put.headers).join('\n')).not.toContain(KEY);

    expect(upload).toMatchObject({ filename: `flagtab-${s.id}.png`, contentType: 'image/png', size: PNG.length });
    expect(upload!.bytes!.equals(PNG)).toBe(true);
    expect(upload!.headers!['cache-control']).toBe('public, max-age=31536000');

    const [comment] = api.comments.get('ENG-12')!;
    expect(comment!.body).toContain(`![flagtab-${s.id}](${upload!.assetUrl})`);
    for (const text of ['### QA sign\\-off\\: Passed', '> Checkout works with `new-checkout` on.', '| Environment | `staging` |', '| Browser | `Firefox 145.0` |',
      '- `new-checkout = true`', '- `max-items = 50 (OpenFeature SDK)`', `<!-- ${signOffMarker(s.id)} -->`]) {
      expect(comment!.body).toContain(text);
    }
    expect(posted).toEqual({ url: comment!.url, id: comment!.id, screenshotUrl: upload!.assetUrl });
  });

  it('posts just the comment when the screenshot was dropped', async () => {
    const { api, tracker } = await linear();
    const posted = await tracker.post(signOff());
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    expect(operation(api, 0)).toBe('commentCreate');
    expect(api.uploads).toEqual([]);
    expect(posted).not.toHaveProperty('screenshotUrl');
    expect(api.comments.get('ENG-12')![0]!.body).not.toContain('![');
  });

  it('keeps hostile notes inert: no raw HTML reaches Linear, and the marker stays the only HTML comment', async () => {
    const { api, tracker } = await linear();
    const notes = 'Looks fine <script>alert(1)</script>\n<img src=x onerror=alert(2)>\n--> <!-- flagtab-sign-off:so-forged -->';
    await tracker.post(signOff({ notes }));
    const body = api.comments.get('ENG-12')![0]!.body;
    expect(body).not.toMatch(/<(script|img)/i);
    expect(body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  for (const newestFirst of [false, true]) {
    it(`finds its own comment on the third page, oldest first whatever the order (${newestFirst ? 'newest' : 'oldest'} first), and no other sign-off's`, async () => {
      const mine = signOff();
      const other = signOff();
      const bodies = Array.from({ length: 250 }, (_, i) => `Comment ${i}`);
      bodies[10] = `Earlier sign-off <!-- ${signOffMarker(other.id)} -->`;
      bodies[220] = `Flagtab's <!-- ${signOffMarker(mine.id)} -->`;
      bodies[245] = `> Quoting it: ${signOffMarker(mine.id)}`;
      const { api, tracker } = await linear({ issues: { 'ENG-12': bodies }, newestFirst });

      const found = await tracker.findExisting(mine);
      const original = api.comments.get('ENG-12')![220]!;
      expect(found).toEqual({ url: original.url, id: original.id });
      const pages = api.requests.map((r) => (r.body as { variables: { issue: string; after: string | null } }).variables);
      expect(pages.map((v) => v.issue)).toEqual(['ENG-12', 'ENG-12', 'ENG-12']);
      expect(pages[0]!.after).toBeNull();
      expect(new Set(pages.map((v) => v.after)).size).toBe(3);

      expect(await tracker.findExisting(signOff())).toBeUndefined();
    });
  }

  it('finds what it posted, so a retry after a lost answer posts nothing twice', async () => {
    const { api, tracker } = await linear({ issues: { 'ENG-12': ['LGTM'] } });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(await tracker.findExisting(s)).toEqual({ url: posted.url, id: posted.id });
    expect(api.comments.get('ENG-12')).toHaveLength(2);
  });

  it('after an upload whose storage step failed, a retry asks for a new link and posts the comment once', async () => {
    let failPut = true;
    // The storage drops the first PUT, after fileUpload has gone through.
    const flaky: typeof fetch = async (input, init) => {
      if (failPut && init?.method === 'PUT') {
        failPut = false;
        return new Response('<?xml version="1.0"?><Error><Code>InternalError</Code></Error>', { status: 503 });
      }
      return fetch(input, init);
    };
    const { api, tracker } = await linear({}, { fetch: flaky });
    const s = signOff({ screenshot: { base64: PNG.toString('base64') } });
    expect(await failure(tracker.post(s))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(api.comments.get('ENG-12')).toEqual([]);
    expect(await tracker.findExisting(s)).toBeUndefined();
    const posted = await tracker.post(s);
    expect(api.uploads.map((u) => !!u.bytes)).toEqual([false, true]);
    expect(api.comments.get('ENG-12')!.map((c) => c.body.includes(api.uploads[1]!.assetUrl))).toEqual([true]);
    expect(posted.screenshotUrl).toBe(api.uploads[1]!.assetUrl);
  });

  it('refuses a ticket that is not a Linear issue ID before sending anything', async () => {
    const { api, tracker } = await linear();
    for (const ticket of ['acme/shop#12', '12', 'ENG', 'ENG-0', 'ENG-12") { viewer { name } } #', '-12']) {
      const error = await failure(tracker.post(signOff({ ticket })));
      expect(error.kind, ticket).toBe('ticket-not-found');
      expect(error.message).toContain('write it as ENG-12');
    }
    expect(api.requests).toEqual([]);
  });

  describe('turns each Linear failure into a TrackerError that says what to do', () => {
    it('a rejected key: HTTP 401, or Linear\'s AUTHENTICATION_ERROR inside an HTTP 200', async () => {
      const { api, tracker } = await linear({}, { apiKey: 'lin_api_revoked' });
      const rejected = await failure(tracker.post(signOff()));
      expect(rejected).toMatchObject({ kind: 'token-rejected', retryable: false });
      expect(rejected.message).toBe('The Linear token was rejected ("You need to authenticate to access this operation"): it may have expired or been revoked; create a new personal API key in Linear (Settings → Account → Security & access → Personal API keys) and paste it in Settings.');

      api.failNext(1, { status: 200, body: { data: null, errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' } }] } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'token-rejected' });
    });

    it('a key that may read but not write (FORBIDDEN in an HTTP 400)', async () => {
      const { tracker } = await linear({ readOnlyKeys: ['lin_api_reader'] }, { apiKey: 'lin_api_reader' });
      expect(await tracker.findExisting(signOff())).toBeUndefined();
      const error = await failure(tracker.post(signOff()));
      expect(error).toMatchObject({ kind: 'forbidden', retryable: false });
      expect(error.message).toContain('Linear does not let the account post the comment on ENG-12 ("You do not have permission to perform this action")');
      expect(error.message).toContain('give the API key the "Write" permission');
    });

    it('an issue that does not exist or that the key cannot see ("Entity not found", or a null issue)', async () => {
      const { api, tracker } = await linear();
      for (const call of [() => tracker.findExisting(signOff({ ticket: 'ENG-99' })), () => tracker.post(signOff({ ticket: 'ENG-99' }))]) {
        const error = await failure(call());
        expect(error.kind).toBe('ticket-not-found');
        expect(error.message).toContain('ENG-99 was not found in Linear');
        expect(error.message).toContain('("Could not find referenced Issue")');
        expect(error.message).toContain('a private team the key\'s account is not a member of');
      }
      api.failNext(1, { status: 200, body: { data: { issue: null } } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'ticket-not-found', message: expect.stringContaining('ENG-12 was not found in Linear') });
    });

    it('a comment Linear refuses (invalid input): invalid, with Linear\'s words', async () => {
      const { api, tracker } = await linear();
      api.failNext(1, { status: 400, body: { errors: [{ message: 'Argument Validation Error', extensions: { type: 'invalid input', code: 'INPUT_ERROR', userPresentableMessage: 'Body is too long.' } }] } });
      const error = await failure(tracker.post(signOff()));
      expect(error).toMatchObject({ kind: 'invalid', retryable: false });
      expect(error.message).toContain('Linear refused to post the comment on ENG-12 (HTTP 400: Body is too long)');
    });

    it('a rate limit: RATELIMITED in an HTTP 400, waiting until the budget resets; or HTTP 429 with Retry-After', async () => {
      const { api, tracker } = await linear();
      api.failNext(1, linearRateLimited(Date.now() + 120_000));
      const limited = await failure(tracker.post(signOff()));
      expect(limited).toMatchObject({ kind: 'rate-limited', retryable: true });
      expect(limited.retryAfterMs).toBeGreaterThan(60_000);
      expect(limited.retryAfterMs).toBeLessThanOrEqual(120_000);
      expect(limited.message).toContain('Linear asked Flagtab to slow down ("Too many requests. Please try again later")');

      api.failNext(1, { status: 429, headers: { 'Retry-After': '30', 'Content-Type': 'text/plain' }, body: 'Too Many Requests' });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
    });

    it('a server error (HTTP 500, or an internal error inside HTTP 200), a timeout and a refused connection', async () => {
      const { api, tracker } = await linear({}, { timeoutMs: 200 });
      api.failNext(1, { status: 500, body: { errors: [{ message: 'Internal server error' }] } });
      expect(await failure(tracker.findExisting(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true });
      api.failNext(1, { status: 200, body: { data: null, errors: [{ message: 'Something went wrong', extensions: { type: 'internal error', code: 'INTERNAL_SERVER_ERROR' } }] } });
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'unavailable', retryable: true });

      api.delayMs = 2_000;
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'timeout', retryable: true });
      api.delayMs = 0;

      await api.close();
      expect(await failure(tracker.post(signOff()))).toMatchObject({ kind: 'network', retryable: true });
    });

    it('an upload link the storage refuses (expired): invalid, and no comment is posted', async () => {
      const { api, tracker } = await linear();
      api.expireUploads = true;
      const error = await failure(tracker.post(signOff({ screenshot: { base64: PNG.toString('base64') } })));
      expect(error).toMatchObject({ kind: 'invalid', retryable: false });
      expect(error.message).toContain("Linear's file storage refused the screenshot for ENG-12 (HTTP 403: ExpiredToken)");
      expect(error.message).toContain('drop the screenshot and send it without');
      expect(api.comments.get('ENG-12')).toEqual([]);
    });
  });
});

describe('Linear: Test connection says whom the API key signs in as', () => {
  it('the right key: the name and e-mail from `viewer`, sent to the API only', async () => {
    const urls: string[] = [];
    const { api, tracker } = await linear({ viewer: { name: 'Jane Doe', email: 'jane@acme.com' } }, { fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) });
    expect(await tracker.verify()).toBe('Jane Doe (jane@acme.com)');
    expect(api.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['POST', '/graphql', KEY]]);
    expect(operation(api, 0)).toBe('viewer');
    expect(urls).toEqual([`${api.origin}/graphql`]);
  });

  it('a wrong key: token-rejected, saying to create a new one', async () => {
    const { tracker } = await linear({}, { apiKey: 'lin_api_wrong' });
    const error = await failure(tracker.verify());
    expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
    expect(error.message).toContain('create a new personal API key in Linear');
  });

  it('an address with no Linear API: invalid, saying which address to use', async () => {
    const { api } = await linear();
    const tracker = createLinearTracker({ fetch: (...args) => fetch(...args) }, { apiUrl: `${api.origin}/linear`, apiKey: KEY });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'invalid', message: expect.stringContaining('is not Linear\'s API') });
  });
});

describe('Linear: a post the browser sent twice', () => {
  it.each([false, true])('ends with exactly one comment: the oldest kept, the copy deleted by commentDelete (newest first: %s)', async (newestFirst) => {
    const { api, tracker } = await linear({ issues: { 'ENG-12': ['Someone else'] }, newestFirst });
    const s = signOff({ id: newestFirst ? 'so-abcdefghijklmnopqrst' : 'so-bbcdefghijklmnopqrst', screenshot: undefined });
    api.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const before = () => api.comments.get('ENG-12')!.filter((c) => c.body.includes(signOffMarker(s.id)));
    const entry = await sendThroughOutbox(tracker, s);

    const mine = before();
    expect(mine).toHaveLength(1);
    expect(api.comments.get('ENG-12')).toHaveLength(2);
    expect(entry?.comment.id).toBe(mine[0]!.id);
    expect(entry?.duplicates).toMatchObject({ kept: mine[0]!.id, removed: [expect.any(String)] });
    // The fake's clock moves a minute a comment: the other person's, then the two copies.
    expect(mine[0]!.createdAt).toBe(new Date(Date.UTC(2025, 5, 1) + 2 * 60_000).toISOString());
    const deletes = api.requests.filter((r) => JSON.stringify(r.body).includes('commentDelete'));
    expect(deletes.map((r) => (r.body as { variables: { id: string } }).variables.id)).toEqual(entry!.duplicates!.removed);
  });
});
