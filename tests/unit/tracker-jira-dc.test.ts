import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanText } from '../../lib/markdown/parse';
import { createJiraDataCenterTracker } from '../../lib/trackers/jira-dc/index';
import { escapeWiki, markdownWiki } from '../../lib/trackers/jira-dc/wiki';
import { TrackerError } from '../../lib/signoff/tracker';
import type { TrackerDeps } from '../../lib/trackers/types';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';
import { sampleSignOff, SAMPLE_PNG } from '../support/sample-signoff';

const servers: FakeJira[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const PAT = 'NjA4MzE2OTk5NzIzOkR_secret';
const deps: TrackerDeps = { fetch: (...args) => fetch(...args) };

async function jiraDc(options: { issues?: string[]; readOnlyIssues?: string[]; pageCap?: number } = {}) {
  const jira = await startFakeJira({ flavour: 'data-center', personalAccessToken: PAT, issues: options.issues ?? ['SHOP-142'], ...options });
  servers.push(jira);
  // Data Center often lives under a context path; the fake answers at the root.
  const tracker = createJiraDataCenterTracker(deps, { baseUrl: jira.origin, personalAccessToken: PAT });
  return { jira, tracker };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

/** What the renderer shows for escaped text: [address] links as their address, escapes and entities undone. */
function rendered(wiki: string): string {
  return wiki.replace(/(?<!\\)\[(https?:\/\/[^\]|]+)\]/g, '$1').replace(/\\(.)/gsu, '$1').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

describe('Jira Data Center: posting a sign-off', () => {
  it('attaches the screenshot byte for byte, then posts wiki markup that embeds it, with a Bearer token', async () => {
    const { jira, tracker } = await jiraDc();
    const posted = await tracker.post(sampleSignOff());

    const [attachment] = jira.attachments('SHOP-142');
    expect(attachment).toMatchObject({ filename: 'flagtab-so-abcdefghijklmnopqrst.png', mimeType: 'image/png' });
    expect(attachment!.bytes.equals(SAMPLE_PNG)).toBe(true);
    expect(jira.requests.find((r) => r.path === '/rest/api/2/issue/SHOP-142/attachments')?.headers['x-atlassian-token']).toBe('no-check');
    expect(jira.requests.every((r) => r.headers.authorization === `Bearer ${PAT}`)).toBe(true);

    const [comment] = jira.comments('SHOP-142');
    expect(comment!.body).toBe([
      'h3. QA sign\\-off: Passed',
      'Checked the *new checkout* in production.',
      '* card payment works\n* PayPal works',
      'Screenshot: !flagtab-so-abcdefghijklmnopqrst.png|thumbnail!',
      ['h4. Evidence', '||URL|[https://shop.example.com/checkout?step=2]|', '||Site|Shop|', '||Environment|production|', '||Browser|Chrome 142.0.7444.59|',
        '||Flagtab|0.1.0|', '||Signed off by|po\\@acme.example|', '||When|2026\\-05\\-04T10:00:00.000Z|'].join('\n'),
      ['h4. Overrides', '* {{new\\-checkout = true}}', '* {{checkout\\-variant = "b"}}'].join('\n'),
      ['h4. Flags active on the page', '* {{new\\-checkout = true \\(server echo header\\)}}', '* {{banner = \\(value not reported\\) \\(page marker\\)}}'].join('\n'),
      'flagtab-sign-off:so-abcdefghijklmnopqrst',
    ].join('\n\n'));
    expect(posted).toEqual({
      id: comment!.id,
      url: `${jira.origin}/browse/SHOP-142?focusedCommentId=${comment!.id}&page=com.atlassian.jira.plugin.system.issuetabpanels%3Acomment-tabpanel#comment-${comment!.id}`,
      screenshotUrl: `${jira.origin}/secure/attachment/${attachment!.id}/flagtab-so-abcdefghijklmnopqrst.png`,
    });
  });

  it('without a screenshot it only posts the comment, which embeds no image', async () => {
    const { jira, tracker } = await jiraDc();
    await tracker.post(sampleSignOff({ screenshot: undefined }));
    expect(jira.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/2/issue/SHOP-142/comment']);
    expect(jira.comments('SHOP-142')[0]!.body).not.toMatch(/!.*!/);
  });
});

describe('Jira Data Center: what the tester typed never becomes markup', () => {
  it('notes with macros, links, table cells, mentions and images stay text', async () => {
    const { jira, tracker } = await jiraDc();
    const notes = 'Try {code}alert(1){code} and [link|http://x] or a | b\n{noformat}, !evil.png!, [~admin], {color:red}x{color}, C:\\temp\\new\nh1. Not a heading\n#not a list\nbq. not a quote';
    await tracker.post(sampleSignOff({ notes, screenshot: undefined, evidence: { ...sampleSignOff().evidence, overrides: { 'key|with*stars_{x}': '[y]' }, activeFlags: [] } }));
    const body = jira.comments('SHOP-142')[0]!.body as string;
    const [, notesBlock, ...rest] = body.split('\n\n');
    expect(notesBlock).toBe([
      // The bare address is a link to itself, as Jira would autolink it; "link" never becomes its alias.
      'Try &#123;code&#125;alert\\(1\\)&#123;code&#125; and \\[link\\|[http://x]\\] or a \\| b',
      '&#123;noformat&#125;, \\!evil.png\\!, \\[\\~admin\\], &#123;color:red&#125;x&#123;color&#125;, C:&#92;temp&#92;new',
      'h1&#46; Not a heading',
      '&#35;not a list',
      'bq&#46; not a quote',
    ].join('\n'));
    expect(rendered(notesBlock!)).toBe(notes);
    expect(rest).toContain('h4. Overrides\n* {{key\\|with\\*stars\\_&#123;x&#125; = "\\[y\\]"}}');
  });

  it('the Markdown people type becomes the matching markup, its words escaped', async () => {
    const { jira, tracker } = await jiraDc();
    const notes = '# Steps\n1. open *the* cart\n2. pay with `card_x`\n\n> it [worked](https://docs.example/a|b)\n\n```js\nif (a) { b(); }\n```\n---';
    await tracker.post(sampleSignOff({ notes, screenshot: undefined }));
    const body = jira.comments('SHOP-142')[0]!.body as string;
    expect(body.split('\n\n').slice(1, 6)).toEqual([
      'h4. Steps',
      '# open _the_ cart\n# pay with {{card\\_x}}',
      '{quote}\nit [worked|https://docs.example/a%7Cb]\n{quote}',
      '{code:js}\nif (a) { b(); }\n{code}',
      '----',
    ]);
  });

  it('code that could close {code} is shown as escaped monospace lines instead', async () => {
    const { jira, tracker } = await jiraDc();
    await tracker.post(sampleSignOff({ notes: '```\nx {code} y\n```', screenshot: undefined }));
    expect((jira.comments('SHOP-142')[0]!.body as string).split('\n\n')[1]).toBe('{{x &#123;code&#125; y}}');
  });

  it('escapeWiki leaves nothing the renderer treats as markup, and renders back to the text (property)', () => {
    const specials = fc.constantFrom('{', '}', '[', ']', '|', '*', '_', '-', '+', '^', '~', '?', '%', '(', ')', '!', '@', '#', '\\', '&', '&amp;', '&#123;', 'h1.', 'bq.', '\n', '\n#', '\nh3. ', ' ', '😀', '{code}', '{{', '}}', '----', ':)', '(y)');
    const text = fc.array(fc.oneof(specials, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (input) => {
      const escaped = escapeWiki(input);
      expect(rendered(escaped)).toBe(cleanText(input));
      expect(escaped).not.toMatch(/[{}]/);
      // With the escape pairs taken out, no markup character and no lone backslash is left.
      expect(escaped.replace(/\\./gsu, '')).not.toMatch(/[!\[\]^~+?%()*_\-|@\\]/);
      expect(escaped).not.toMatch(/^[ \t]*(#|h[1-6]\.|bq\.)/im);
    }), { numRuns: 500 });
  });

  it('notes of any Markdown-ish text produce only Flagtab\'s own markup (property)', () => {
    const piece = fc.constantFrom('{', '}', '{code}', '{noformat}', '{color:red}', '{panel}', '[', ']', '[~admin]', '[^file.txt]', '|', '||', '!', '!x.png!', '*', '**', '_', '`', '~~', '-', '\\', '\n', '\n\n', '- ', '1. ', '# ', '> ', '[a](https://a.example/x|y)', '[b](javascript:alert(1))', 'https://c.example/{z}', ' ');
    const notes = fc.array(fc.oneof(piece, fc.string({ unit: 'grapheme', maxLength: 5 })), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(notes, (input) => {
      const wiki = markdownWiki(input).join('\n\n');
      // Fenced code is verbatim inside {code}; it has a test of its own above.
      fc.pre(!/```|~~~/.test(input));
      const ours = wiki.replace(/\\./gsu, '').replace(/\{\{|\}\}|^\{quote\}$/gm, '');
      expect(ours).not.toMatch(/[{}!]/);
      // Every [ that is left opens a web link Flagtab made from a Markdown link or an address.
      for (const link of ours.match(/\[[^\]]*\]/g) ?? []) expect(link).toMatch(/^\[(?:[^|]*\|)?(?:https?:|mailto:)[^\s|[\]{}!]*\]$/);
      expect(ours.replace(/\[[^\]]*\]/g, '')).not.toMatch(/[[\]|]/);
    }), { numRuns: 500, examples: [['https://c.example/{z}\\']] }); // a trailing backslash once escaped the link's ]
  });
});

describe('Jira Data Center: finding the comment a sign-off already has', () => {
  it('reads three pages of string bodies and finds only its own marker', async () => {
    const { jira, tracker } = await jiraDc({ pageCap: 50 });
    for (let n = 0; n < 120; n++) jira.addComment('SHOP-142', `Comment ${n}\n\nflagtab-sign-off:so-zzzzzzzzzzzzzzzzzzz${n % 10}`);
    jira.addComment('SHOP-142', 'Quoted: flagtab-sign-off:so-abcdefghijklmnopqrstuvw (another sign-off)');
    const ours = jira.addComment('SHOP-142', 'h3. QA sign\\-off: Passed\n\nflagtab-sign-off:so-abcdefghijklmnopqrst');
    const found = await tracker.findExisting(sampleSignOff({ screenshot: undefined }));
    expect(found?.id).toBe(ours.id);
    expect(jira.requests.map((r) => r.query.get('startAt'))).toEqual(['0', '50', '100']);
    expect(await tracker.findExisting(sampleSignOff({ id: 'so-bbbbbbbbbbbbbbbbbbbb', screenshot: undefined }))).toBeUndefined();
  });

  it('finds what post posted, with the screenshot link', async () => {
    const { tracker } = await jiraDc();
    const posted = await tracker.post(sampleSignOff());
    expect(await tracker.findExisting(sampleSignOff())).toEqual(posted);
  });
});

describe('Jira Data Center: failures a person can act on', () => {
  it('a revoked personal access token: token-rejected, saying where to make a new one', async () => {
    const { jira } = await jiraDc();
    const tracker = createJiraDataCenterTracker(deps, { baseUrl: jira.origin, personalAccessToken: 'revoked' });
    expect(await failure(tracker.post(sampleSignOff()))).toMatchObject({
      kind: 'token-rejected',
      message: 'The Jira Data Center token was rejected ("You are not authenticated. Authentication required to perform this operation"): it may have expired or been revoked; create a new personal access token in Jira (your avatar → Profile → Personal Access Tokens) and paste it in Settings.',
    });
  });

  it('unknown issue, no permission, 429, 500', async () => {
    const { jira, tracker } = await jiraDc({ issues: ['SHOP-142', 'OPS-7'], readOnlyIssues: ['OPS-7'] });
    expect(await failure(tracker.post(sampleSignOff({ ticket: 'SHOP-9' })))).toMatchObject({ kind: 'ticket-not-found', message: expect.stringMatching(/^SHOP-9 was not found in Jira Data Center \(127\.0\.0\.1:\d+\)/) });
    expect(await failure(tracker.post(sampleSignOff({ ticket: 'OPS-7' })))).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('does not let the account attach the screenshot on OPS-7 ("You do not have permission to create attachments for this issue")') });
    jira.failNext(1, { status: 429, headers: { 'Retry-After': '3' } });
    expect(await failure(tracker.post(sampleSignOff()))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000 });
    jira.failNext(1, { status: 503, body: '<html>Maintenance</html>', headers: { 'Content-Type': 'text/html' } });
    expect(await failure(tracker.findExisting(sampleSignOff()))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(jira.comments('SHOP-142')).toEqual([]);
  });
});

describe('Jira Data Center: Test connection says whom the token signs in as', () => {
  it('the right token: the name and e-mail from GET /rest/api/2/myself, sent as Bearer to the server only', async () => {
    const jira = await startFakeJira({ flavour: 'data-center', personalAccessToken: PAT, issues: [], account: { displayName: 'Jane Doe', emailAddress: 'jane@acme.example', name: 'jdoe' } });
    servers.push(jira);
    const urls: string[] = [];
    const tracker = createJiraDataCenterTracker({ fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) }, { baseUrl: jira.origin, personalAccessToken: PAT });
    expect(await tracker.verify()).toBe('Jane Doe (jane@acme.example)');
    expect(jira.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['GET', '/rest/api/2/myself', `Bearer ${PAT}`]]);
    expect(urls).toEqual([`${jira.origin}/rest/api/2/myself`]);
  });

  it('a server that hides e-mail addresses: the name with the login', async () => {
    const jira = await startFakeJira({ flavour: 'data-center', personalAccessToken: PAT, issues: [], account: { displayName: 'Jane Doe', name: 'jdoe' } });
    servers.push(jira);
    expect(await createJiraDataCenterTracker(deps, { baseUrl: jira.origin, personalAccessToken: PAT }).verify()).toBe('Jane Doe (jdoe)');
  });

  it('a revoked token: token-rejected, saying where to make a new one; a wrong context path: check the base URL', async () => {
    const { jira } = await jiraDc();
    const revoked = await failure(createJiraDataCenterTracker(deps, { baseUrl: jira.origin, personalAccessToken: 'revoked' }).verify());
    expect(revoked).toMatchObject({ kind: 'token-rejected', message: expect.stringContaining('create a new personal access token in Jira (your avatar → Profile → Personal Access Tokens)') });
    const moved = await failure(createJiraDataCenterTracker(deps, { baseUrl: `${jira.origin}/jira`, personalAccessToken: PAT }).verify());
    expect(moved).toMatchObject({ kind: 'invalid', message: expect.stringContaining(`no REST API at ${jira.origin}/jira (it answered "not found"): check the base URL in Settings`) });
  });
});

describe('Jira Data Center: a post the browser sent twice', () => {
  it('ends with exactly one comment: the oldest is kept, the copy deleted (DELETE .../comment/{id})', async () => {
    const { jira, tracker } = await jiraDc({ issues: ['SHOP-142'] });
    jira.addComment('SHOP-142', 'Someone else');
    jira.resendNextPost(); // stored, the connection dropped unanswered, Chromium re-sent the same POST
    const entry = await sendThroughOutbox(tracker, sampleSignOff());

    const withMarker = jira.comments('SHOP-142').filter((c) => JSON.stringify(c.body).includes('flagtab-sign-off:so-abcdefghijklmnopqrst'));
    expect(withMarker).toHaveLength(1);
    expect(jira.comments('SHOP-142')).toHaveLength(2); // the other person's comment stays
    expect(entry?.comment.id).toBe(withMarker[0]!.id);
    expect(entry?.duplicates).toEqual({ kept: withMarker[0]!.id, removed: [expect.any(String)] });
    const deleted = jira.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deleted).toEqual([`/rest/api/2/issue/SHOP-142/comment/${entry!.duplicates!.removed[0]}`]);
    expect(jira.attachments('SHOP-142')).toHaveLength(1);
  });
});
