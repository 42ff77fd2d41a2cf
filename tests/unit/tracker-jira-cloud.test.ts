import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commentParts } from '../../lib/signoff/format';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import type { JsonValue } from '../../lib/json';
import { adfText, signOffAdf, type AdfNode } from '../../lib/trackers/jira-cloud/adf';
import { createJiraCloudTracker } from '../../lib/trackers/jira-cloud/index';
import { TrackerError } from '../../lib/signoff/tracker';
import type { TrackerDeps } from '../../lib/trackers/types';
import { adfErrors } from '../../demo/jira/adf-schema';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { startFakeApi } from '../support/fake-api';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';
import { sampleSignOff, SAMPLE_PNG } from '../support/sample-signoff';

const servers: FakeJira[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ACCOUNT = { email: 'po@acme.example', apiToken: 'ATATT3x-secret' };
const deps: TrackerDeps = { fetch: (...args) => fetch(...args) };

async function jiraCloud(options: { issues?: string[]; readOnlyIssues?: string[]; pageCap?: number } = {}) {
  const jira = await startFakeJira({ flavour: 'cloud', ...ACCOUNT, issues: options.issues ?? ['SHOP-142'], ...options });
  servers.push(jira);
  const tracker = createJiraCloudTracker(deps, { baseUrl: `${jira.origin}/`, ...ACCOUNT });
  return { jira, tracker };
}

/** Every node of a document, depth first. */
function nodes(node: AdfNode): AdfNode[] {
  return [node, ...(node.content ?? []).flatMap(nodes)];
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

describe('Jira Cloud: posting a sign-off', () => {
  it('attaches the screenshot byte for byte, then posts a valid ADF comment that names it', async () => {
    const { jira, tracker } = await jiraCloud();
    const posted = await tracker.post(sampleSignOff());

    const [attachment] = jira.attachments('SHOP-142');
    expect(attachment).toMatchObject({ filename: 'flagtab-so-abcdefghijklmnopqrst.png', mimeType: 'image/png' });
    expect(attachment!.bytes.equals(SAMPLE_PNG)).toBe(true);
    const upload = jira.requests.find((r) => r.path.endsWith('/attachments'))!;
    expect(upload.headers['x-atlassian-token']).toBe('no-check');
    expect(upload.files.map((f) => f.field)).toEqual(['file']);

    const [comment] = jira.comments('SHOP-142');
    expect(jira.invalidBodies).toEqual([]);
    const doc = comment!.body as AdfNode;
    const text = adfText(doc);
    expect(text).toContain('QA sign-off: Passed');
    expect(text).toContain('Screenshot: flagtab-so-abcdefghijklmnopqrst.png (attached to this issue)');
    expect(text).toContain('flagtab-sign-off:so-abcdefghijklmnopqrst');
    const linked = nodes(doc).find((n) => n.text === 'flagtab-so-abcdefghijklmnopqrst.png');
    expect(linked?.marks).toEqual([{ type: 'link', attrs: { href: attachment!.content } }]);

    expect(posted).toEqual({ id: comment!.id, url: `${jira.origin}/browse/SHOP-142?focusedCommentId=${comment!.id}`, screenshotUrl: attachment!.content });
    expect(jira.requests.every((r) => r.headers.authorization === `Basic ${Buffer.from('po@acme.example:ATATT3x-secret').toString('base64')}`)).toBe(true);
  });

  it('without a screenshot it only posts the comment', async () => {
    const { jira, tracker } = await jiraCloud();
    const posted = await tracker.post(sampleSignOff({ screenshot: undefined }));
    expect(jira.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/issue/SHOP-142/comment']);
    expect(jira.attachments('SHOP-142')).toEqual([]);
    expect(adfText(jira.comments('SHOP-142')[0]!.body)).not.toContain('Screenshot');
    expect(posted.screenshotUrl).toBeUndefined();
  });

  it('lays out notes, evidence, overrides and active flags as the tester would read them', async () => {
    const { jira, tracker } = await jiraCloud();
    await tracker.post(sampleSignOff());
    const doc = jira.comments('SHOP-142')[0]!.body as AdfNode;
    const all = nodes(doc);
    expect(all.find((n) => n.text === 'new checkout')?.marks).toEqual([{ type: 'strong' }]);
    expect(all.filter((n) => n.type === 'listItem').map(adfText)).toEqual([
      'card payment works', 'PayPal works',
      'new-checkout = true', 'checkout-variant = "b"',
      'new-checkout = true (server echo header)', 'banner = (value not reported) (page marker)',
    ]);
    expect(all.filter((n) => n.marks?.some((m) => m.type === 'code')).map((n) => n.text)).toEqual([
      'new-checkout = true', 'checkout-variant = "b"', 'new-checkout = true (server echo header)', 'banner = (value not reported) (page marker)',
    ]);
    const rows = all.filter((n) => n.type === 'tableRow').map((row) => (row.content ?? []).map(adfText));
    expect(rows).toEqual([
      ['URL', 'https://shop.example.com/checkout?step=2'], ['Site', 'Shop'], ['Environment', 'production'],
      ['Browser', 'Chrome 142.0.7444.59'], ['Flagtab', '0.1.0'], ['Signed off by', 'po@acme.example'], ['When', '2026-05-04T10:00:00.000Z'],
    ]);
  });

  it('a retry after the comment failed reuses the attachment the first attempt left', async () => {
    const { jira, tracker } = await jiraCloud();
    const signOff = sampleSignOff();
    // The issue lookup and the upload go through; the comment meets a 502 from a proxy.
    let calls = 0;
    const flaky = createJiraCloudTracker({ fetch: (input, init) => (++calls === 3 ? Promise.resolve(new Response('Bad gateway', { status: 502 })) : fetch(input, init)) }, { baseUrl: jira.origin, ...ACCOUNT });
    expect(await failure(flaky.post(signOff))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(jira.attachments('SHOP-142')).toHaveLength(1);
    await tracker.post(signOff);
    expect(jira.attachments('SHOP-142')).toHaveLength(1);
    expect(jira.comments('SHOP-142')).toHaveLength(1);
    expect(adfText(jira.comments('SHOP-142')[0]!.body)).toContain('flagtab-so-abcdefghijklmnopqrst.png');
  });

  it('takes a lower-case key as Jira does, and refuses what is not a Jira key before any request', async () => {
    const { jira, tracker } = await jiraCloud();
    expect((await tracker.post(sampleSignOff({ ticket: ' shop-142 ', screenshot: undefined }))).url).toContain('/browse/SHOP-142?');
    jira.requests.length = 0;
    for (const ticket of ['acme/shop#12', '#12', 'SHOP142', 'SHOP-0', '142', '']) {
      const error = await failure(tracker.post(sampleSignOff({ ticket })));
      expect(error).toMatchObject({ kind: 'invalid', retryable: false, message: `"${ticket}" is not a Jira Cloud issue key: a key is the project key, a dash and the issue number, like SHOP-142. Change the ticket and send again.` });
    }
    expect(jira.requests).toEqual([]);
  });
});

describe('Jira Cloud: every comment body is valid ADF', () => {
  // Markup around markup ("**`code`**", "*[link](…)*"): where the schema's rules on marks bite.
  const wrapped = fc.tuple(
    fc.constantFrom('**', '*', '_', '__', '~~', '`'),
    fc.array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), fc.constantFrom('`code`', '*em*', '**strong**', '[l](https://l.example)', ' ')), { minLength: 1, maxLength: 3 }),
  ).map(([mark, inner]) => `${mark}${inner.join('')}${mark}`);
  const markdownish = fc.array(
    fc.oneof(
      wrapped,
      fc.constantFrom('**', '*', '_', '__', '`', '```', '```js\n', '~~', '[', ']', '](', ')', '(https://x.example/a_b)', 'http://x.example/?q=1,2', 'javascript:alert(1)', '<https://a.example>',
        '\n', '\n\n', '\r\n', '- ', '* ', '1. ', '# ', '###### ', '> ', '---', '|', '||', '{code}', '{noformat}', '!img.png!', ',', ';', '=', ' ', '\t', '\u0000', '\u200b', '😀', '👩‍👩‍👧', 'é', '&amp;', '\\', '\\*'),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    ),
    { maxLength: 30 },
  ).map((parts) => parts.join(''));
  const odd = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), markdownish.filter((s) => s.length > 0));
  const json = fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
  const signOffs: fc.Arbitrary<SignOff> = fc.record({
    notes: markdownish,
    verdict: fc.constantFrom('passed', 'failed', 'blocked' as const),
    overrides: fc.dictionary(odd, json, { maxKeys: 5 }),
    activeFlags: fc.array(fc.record({ key: odd, value: fc.option(json, { nil: undefined }), source: odd }), { maxLength: 4 }),
    environment: fc.option(odd, { nil: undefined }),
    who: fc.option(odd, { nil: undefined }),
    url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), odd),
    site: odd,
    screenshot: fc.boolean(),
  }).map((g) => {
    const base = sampleSignOff();
    return sampleSignOff({
      notes: g.notes,
      verdict: g.verdict,
      ...(g.screenshot ? {} : { screenshot: undefined }),
      evidence: {
        ...base.evidence, url: g.url, site: { id: 'shop', name: g.site }, environment: g.environment, who: g.who,
        overrides: g.overrides, activeFlags: g.activeFlags.map((f) => (f.value === undefined ? { key: f.key, source: f.source } : f)),
      },
    });
  });

  it('validates against @atlaskit/adf-schema for any notes, keys and values, and keeps the marker findable', () => {
    fc.assert(fc.property(signOffs, (signOff) => {
      const doc = signOffAdf(commentParts(signOff), signOff.screenshot ? { filename: 'flagtab-x.png', url: 'https://acme.atlassian.net/rest/api/3/attachment/content/1' } : undefined);
      expect(adfErrors(doc)).toEqual([]);
      expect(adfText(doc)).toContain(signOffMarker(signOff.id));
    }), { numRuns: 400 });
  });

  it('the Jira stand-in accepts every one of them (a sample through HTTP)', async () => {
    const { jira, tracker } = await jiraCloud();
    await fc.assert(fc.asyncProperty(signOffs, async (signOff) => {
      await tracker.post({ ...signOff, id: `so-${Math.random().toString(32).slice(2, 12).padEnd(20, 'a')}` });
    }), { numRuns: 30 });
    expect(jira.invalidBodies).toEqual([]);
    expect(jira.comments('SHOP-142')).toHaveLength(30);
  });

  it('the stand-in does refuse invalid ADF, as Jira does (so the checks above mean something)', async () => {
    const { jira } = await jiraCloud();
    const response = await fetch(`${jira.origin}/rest/api/3/issue/SHOP-142/comment`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('po@acme.example:ATATT3x-secret').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errorMessages: ['INVALID_INPUT'], errors: {} });
    expect(jira.invalidBodies).toHaveLength(1);
  });
});

describe('Jira Cloud: finding the comment a sign-off already has', () => {
  const other = (n: number) => ({ version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Comment ${n}; flagtab-sign-off:so-zzzzzzzzzzzzzzzzzzz${n % 10}` }] }] });

  it('reads every page and finds only its own marker (on the third page, split across marks)', async () => {
    const { jira, tracker } = await jiraCloud({ pageCap: 90 });
    for (let n = 0; n < 200; n++) jira.addComment('SHOP-142', other(n));
    // A longer id that starts with ours is another sign-off.
    jira.addComment('SHOP-142', { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'flagtab-sign-off:so-abcdefghijklmnopqrstuvw' }] }] });
    // Someone edited the comment: the marker now spans two text nodes.
    const ours = jira.addComment('SHOP-142', { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'flagtab-sign-off:', marks: [{ type: 'em' }] }, { type: 'text', text: 'so-abcdefghijklmnopqrst' }] }] });
    jira.addComment('SHOP-142', other(999));

    const found = await tracker.findExisting(sampleSignOff());
    const attachmentLookups = jira.requests.filter((r) => !r.path.endsWith('/comment'));
    expect(found).toEqual({ id: ours.id, url: `${jira.origin}/browse/SHOP-142?focusedCommentId=${ours.id}` });
    expect(jira.requests.filter((r) => r.path.endsWith('/comment')).map((r) => [r.query.get('startAt'), r.query.get('maxResults')])).toEqual([['0', '100'], ['90', '100'], ['180', '100']]);
    expect(attachmentLookups).toHaveLength(1); // the screenshot's link, for the history
  });

  it('answers undefined after the last page when no comment carries the marker', async () => {
    const { jira, tracker } = await jiraCloud({ pageCap: 100 });
    for (let n = 0; n < 250; n++) jira.addComment('SHOP-142', other(n));
    expect(await tracker.findExisting(sampleSignOff())).toBeUndefined();
    expect(jira.requests.map((r) => r.query.get('startAt'))).toEqual(['0', '100', '200']);
  });

  it('finds what post posted, with the screenshot link, so a retry never posts twice', async () => {
    const { jira, tracker } = await jiraCloud();
    const posted = await tracker.post(sampleSignOff());
    expect(await tracker.findExisting(sampleSignOff())).toEqual(posted);
    expect(await tracker.findExisting(sampleSignOff({ id: 'so-bbbbbbbbbbbbbbbbbbbb' }))).toBeUndefined();
    expect(jira.comments('SHOP-142')).toHaveLength(1);
  });
});

describe('Jira Cloud: failures a person can act on', () => {
  it('a wrong token: token-rejected, pointing at Atlassian\'s API token page', async () => {
    const { jira } = await jiraCloud();
    const tracker = createJiraCloudTracker(deps, { baseUrl: jira.origin, email: ACCOUNT.email, apiToken: 'revoked' });
    const error = await failure(tracker.post(sampleSignOff()));
    expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
    expect(error.message).toBe('The Jira Cloud token was rejected ("You are not authenticated. Authentication required to perform this operation"): it may have expired or been revoked; check the e-mail address in Settings, or create a new API token at https://id.atlassian.com/manage-profile/security/api-tokens ("Create API token", without scopes) for that account and paste it in Settings.');
  });

  it('an unknown issue: ticket-not-found, naming the key and the site', async () => {
    const { jira, tracker } = await jiraCloud();
    const error = await failure(tracker.findExisting(sampleSignOff({ ticket: 'SHOP-999' })));
    expect(error).toMatchObject({ kind: 'ticket-not-found', retryable: false });
    expect(error.message).toBe(`SHOP-999 was not found in Jira Cloud (${new URL(jira.origin).host}) ("Issue does not exist or you do not have permission to see it"); check the key, and that the account the token belongs to may browse that project (Jira answers "not found" for issues it may not show).`);
  });

  it('no permission to comment: forbidden, saying which permission', async () => {
    const { tracker } = await jiraCloud({ readOnlyIssues: ['SHOP-142'] });
    const error = await failure(tracker.post(sampleSignOff({ screenshot: undefined })));
    expect(error).toMatchObject({ kind: 'forbidden', message: 'Jira Cloud does not let the account post the comment on SHOP-142 ("You do not have the permission to comment on this issue"): ask a Jira admin to give that account the "Add comments" permission in the project, and "Create attachments" for the screenshot.' });
  });

  it('429 with Retry-After: rate-limited with retryAfterMs; 500: unavailable; a reset connection: network', async () => {
    const { jira, tracker } = await jiraCloud();
    jira.failNext(1, { status: 429, headers: { 'Retry-After': '12' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });
    expect(await failure(tracker.post(sampleSignOff()))).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 12_000, message: 'Jira Cloud asked Flagtab to slow down ("Rate limit exceeded"); Flagtab will try again in 12 s.' });
    jira.failNext(1, { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } });
    expect(await failure(tracker.findExisting(sampleSignOff()))).toMatchObject({ kind: 'unavailable', retryable: true, message: 'Jira Cloud answered HTTP 500 when Flagtab tried to read the comments on SHOP-142 ("Internal server error"): it may be down or under maintenance. Flagtab will try again.' });
    jira.failNext(1, 'reset');
    expect(await failure(tracker.post(sampleSignOff()))).toMatchObject({ kind: 'network', retryable: true });
    expect(jira.comments('SHOP-142')).toEqual([]);
  });

  it('Jira that does not answer in time: timeout; the comment may have landed all the same, and findExisting finds it', async () => {
    const { jira } = await jiraCloud();
    const tracker = createJiraCloudTracker({ ...deps, timeoutMs: 10_000 }, { baseUrl: jira.origin, ...ACCOUNT });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    jira.hold();
    const pending = failure(tracker.post(sampleSignOff({ screenshot: undefined })));
    for (let i = 0; i < 10_000 && !jira.requests.length; i++) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toMatchObject({ kind: 'timeout', retryable: true, message: 'Jira Cloud did not answer within 10 s when Flagtab tried to post the comment on SHOP-142. Flagtab will try again.' });
    vi.useRealTimers();
    jira.release();
    const [landed] = jira.comments('SHOP-142');
    expect(await tracker.findExisting(sampleSignOff({ screenshot: undefined }))).toMatchObject({ id: landed!.id });
  });
});

describe('Jira Cloud: Test connection says whom the token signs in as', () => {
  /** A fetch that notes every address it is asked for, so a test can say where the token went. */
  function recording() {
    const urls: string[] = [];
    const recorded: TrackerDeps = { fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) };
    return { urls, deps: recorded };
  }

  it('the right token: the account\'s name and e-mail, from GET /rest/api/3/myself, sent to the site only', async () => {
    const jira = await startFakeJira({ flavour: 'cloud', ...ACCOUNT, issues: [], account: { displayName: 'Jane Doe', emailAddress: 'jane@acme.example' } });
    servers.push(jira);
    const { urls, deps: recorded } = recording();
    const tracker = createJiraCloudTracker(recorded, { baseUrl: `${jira.origin}/`, ...ACCOUNT });
    expect(await tracker.verify()).toBe('Jane Doe (jane@acme.example)');
    expect(jira.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/api/3/myself']);
    expect(jira.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('po@acme.example:ATATT3x-secret').toString('base64')}`);
    expect(urls).toEqual([`${jira.origin}/rest/api/3/myself`]);
  });

  it('an account that hides its e-mail address: the name alone', async () => {
    const jira = await startFakeJira({ flavour: 'cloud', ...ACCOUNT, issues: [], account: { displayName: 'Jane Doe' } });
    servers.push(jira);
    expect(await createJiraCloudTracker(deps, { baseUrl: jira.origin, ...ACCOUNT }).verify()).toBe('Jane Doe');
  });

  it('a wrong token or e-mail: token-rejected, saying to check the e-mail or make a new API token', async () => {
    const { jira } = await jiraCloud();
    for (const account of [{ ...ACCOUNT, apiToken: 'wrong' }, { ...ACCOUNT, email: 'someone@acme.example' }]) {
      const error = await failure(createJiraCloudTracker(deps, { baseUrl: jira.origin, ...account }).verify());
      expect(error).toMatchObject({ kind: 'token-rejected', retryable: false });
      expect(error.message).toMatch(/^The Jira Cloud token was rejected .*check the e-mail address in Settings, or create a new API token at https:\/\/id\.atlassian\.com\/manage-profile\/security\/api-tokens/);
    }
  });

  it('a base URL that is not Jira: invalid, saying to check the base URL rather than an issue key', async () => {
    const { jira } = await jiraCloud();
    const error = await failure(createJiraCloudTracker(deps, { baseUrl: `${jira.origin}/wiki`, ...ACCOUNT }).verify());
    expect(error).toMatchObject({ kind: 'invalid', message: `Jira Cloud has no REST API at ${jira.origin}/wiki (it answered "not found"): check the base URL in Settings; it should be the address you open Jira Cloud at.` });
  });

  it('a CAPTCHA-locked account (403): forbidden, saying to sign in once in the browser', async () => {
    const { jira, tracker } = await jiraCloud();
    jira.failNext(1, { status: 403, headers: { 'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED' }, body: { errorMessages: ['CAPTCHA required'], errors: {} } });
    expect(await failure(tracker.verify())).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('sign in to Jira Cloud in the browser once') });
  });

  it('a redirect elsewhere: refused, and the token never reaches the other server', async () => {
    const elsewhere = await startFakeApi({ authorize: () => undefined, routes: [{ method: 'GET', path: /.*/, handle: () => ({ status: 200, body: { displayName: 'Mallory' } }) }] });
    const { jira, tracker } = await jiraCloud();
    try {
      jira.failNext(1, { status: 302, headers: { Location: `${elsewhere.origin}/rest/api/3/myself` } });
      expect(await failure(tracker.verify())).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Flagtab does not follow redirects with your token') });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('Jira Cloud: a post the browser sent twice', () => {
  it('ends with exactly one comment: the oldest is kept, the copy deleted (DELETE .../comment/{id})', async () => {
    const { jira, tracker } = await jiraCloud({ issues: ['SHOP-142'] });
    jira.addComment('SHOP-142', { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Someone else' }] }] });
    jira.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const entry = await sendThroughOutbox(tracker, sampleSignOff());

    const withMarker = jira.comments('SHOP-142').filter((c) => JSON.stringify(c.body).includes('flagtab-sign-off:so-abcdefghijklmnopqrst'));
    expect(withMarker).toHaveLength(1);
    expect(jira.comments('SHOP-142')).toHaveLength(2); // the other person's comment stays
    expect(entry?.comment.id).toBe(withMarker[0]!.id);
    expect(entry?.duplicates).toEqual({ kept: withMarker[0]!.id, removed: [expect.any(String)] });
    const deleted = jira.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deleted).toEqual([`/rest/api/3/issue/SHOP-142/comment/${entry!.duplicates!.removed[0]}`]);
    expect(jira.attachments('SHOP-142')).toHaveLength(1);
  });
});
