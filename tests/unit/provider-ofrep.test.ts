import { afterEach, describe, expect, it } from 'vitest';
import { catalogueFor, siteWith } from '../support/catalogue';
import { BULK_PATH, startFakeOfrep, type FakeOfrep, type FakeOfrepFlag } from '../support/fake-providers/ofrep';

const FLAGS: FakeOfrepFlag[] = [
  { key: 'new-checkout', variants: { on: true, off: false }, defaultVariant: 'off', rules: { 'qa-user': 'on' }, metadata: { ticket: 'SHOP-142', owner: 'team-pay', nested: { no: 1 } } },
  { key: 'hero-banner', variants: { spring: 'Spring', summer: 'Summer' }, defaultVariant: 'summer' },
  { key: 'max-items', variants: { low: 5, high: 50 }, defaultVariant: 'low', disabled: true },
  { key: 'theme', variants: { light: { bg: '#fff' } }, defaultVariant: 'light' },
];

let api: FakeOfrep | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function ofrep(options: Parameters<typeof startFakeOfrep>[0], source: Record<string, unknown> = {}, token?: string) {
  api = await startFakeOfrep(options);
  return catalogueFor(siteWith({ provider: 'ofrep', baseUrl: api.origin, context: { targetingKey: 'qa-user', plan: 'pro' }, ...source }), token);
}

describe('OFREP provider', () => {
  it('turns a bulk evaluation into flags with the served value and variant', async () => {
    const { flags, warnings } = await (await ofrep({ flags: FLAGS })).load();
    expect(warnings).toEqual([]);
    expect(flags).toEqual([
      {
        key: 'new-checkout', type: 'boolean', variants: [{ name: 'on', value: true }], defaultValue: true, tags: [], links: [],
        // Only metadata a Flag can hold; the ticket in it is found.
        metadata: { ticket: 'SHOP-142', owner: 'team-pay' }, tickets: ['SHOP-142'],
      },
      { key: 'hero-banner', type: 'string', variants: [{ name: 'summer', value: 'Summer' }], defaultValue: 'Summer', tags: [], links: [], tickets: [] },
      { key: 'max-items', type: 'number', variants: [{ name: 'low', value: 5 }], defaultValue: 5, enabled: false, tags: [], links: [], tickets: [] },
      { key: 'theme', type: 'json', variants: [{ name: 'light', value: { bg: '#fff' } }], defaultValue: { bg: '#fff' }, tags: [], links: [], tickets: [] },
    ]);
  });

  it('sends the site\'s evaluation context, which decides the values', async () => {
    const catalogue = await ofrep({ flags: FLAGS }, { context: { targetingKey: 'someone-else', country: 'NL' } });
    const { flags } = await catalogue.load();
    expect(api!.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', BULK_PATH, { context: { targetingKey: 'someone-else', country: 'NL' } }]]);
    expect(flags.find((f) => f.key === 'new-checkout')?.defaultValue).toBe(false);
  });

  it('revalidates with If-None-Match: a 304 still gives the whole catalogue, a change gives the new one', async () => {
    const catalogue = await ofrep({ flags: FLAGS });
    const first = await catalogue.refresh();
    const second = await catalogue.refresh();
    const third = await catalogue.refresh();
    expect(api!.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(api!.requests[1]!.headers['if-none-match']).toMatch(/^"\w+"$/);
    expect(api!.requests[2]!.headers['if-none-match']).toBe(api!.requests[1]!.headers['if-none-match']);
    expect(second.flags).toEqual(first.flags);
    expect(third.flags).toHaveLength(4);
    expect(third.error).toBeUndefined();

    api!.flags = [{ key: 'only-one', variants: { a: 'A' }, defaultVariant: 'a' }];
    expect((await catalogue.refresh()).flags.map((f) => f.key)).toEqual(['only-one']);
  });

  it('a changed context is not answered from the ETag of the old one', async () => {
    api = await startFakeOfrep({ flags: FLAGS });
    const site = (targetingKey: string) => siteWith({ provider: 'ofrep', baseUrl: api!.origin, context: { targetingKey } });
    const catalogue = catalogueFor(site('qa-user'), undefined);
    await catalogue.refresh();
    const view = await catalogue.service.refresh(site('someone-else'));
    expect(api.requests[1]!.headers['if-none-match']).toBeUndefined();
    expect(view.flags.find((f) => f.key === 'new-checkout')?.defaultValue).toBe(false);
  });

  it.each([
    ['Authorization', 's3cret', 'authorization', 'Bearer s3cret'],
    ['Authorization', 'Bearer s3cret', 'authorization', 'Bearer s3cret'],
    ['X-API-Key', 's3cret', 'x-api-key', 's3cret'],
  ])('sends the token in %s (token typed as "%s")', async (authHeader, token, header, value) => {
    const catalogue = await ofrep({ flags: FLAGS, token: 's3cret', header }, { authHeader }, token);
    expect((await catalogue.load()).flags).toHaveLength(4);
    expect(api!.requests[0]!.headers[header]).toBe(value);
    if (header !== 'authorization') expect(api!.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('an open service gets no auth header at all', async () => {
    await (await ofrep({ flags: FLAGS })).load();
    expect(Object.keys(api!.requests[0]!.headers)).not.toContain('authorization');
  });

  it('skips a flag the service could not evaluate, saying which and why', async () => {
    const catalogue = await ofrep({ flags: FLAGS }, { context: {} });
    const { flags, warnings } = await catalogue.load();
    expect(flags.map((f) => f.key)).toEqual(['hero-banner', 'max-items', 'theme']);
    expect(warnings).toEqual([expect.stringMatching(/^Skipped flag "new-checkout".*TARGETING_KEY_MISSING: flag "new-checkout" targets users.*targetingKey/)]);
  });
});

describe('OFREP provider: what a person is told when it fails', () => {
  it.each([
    ['no token', undefined, /HTTP 401\..*wants a token, or refused.*"Authorization: Bearer <token>".*whoever runs the flag service/],
    ['a wrong token', 'nope', /HTTP 401\..*whoever runs the flag service/],
    ['a token that may not evaluate', 'read-nothing', /HTTP 403\..*refused the one Flagtab sent.*whoever runs/],
  ])('%s', async (_what, token, message) => {
    const catalogue = await ofrep({ flags: FLAGS, token: 'good', forbiddenToken: 'read-nothing' }, {}, token);
    expect(await catalogue.test()).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('names the custom header when the token is refused', async () => {
    const catalogue = await ofrep({ flags: FLAGS, token: 'good', header: 'x-api-key' }, { authHeader: 'X-API-Key' }, 'bad');
    expect((await catalogue.test()).message).toMatch(/the "X-API-Key" header/);
  });

  it('a base URL that is not an OFREP service', async () => {
    api = await startFakeOfrep({ flags: FLAGS });
    const wrong = catalogueFor(siteWith({ provider: 'ofrep', baseUrl: `${api.origin}/ofrep/v1` }), undefined);
    expect((await wrong.test()).message).toMatch(/HTTP 404\. .* is not an OFREP service: it should answer POST .*\/ofrep\/v1\/evaluate\/flags\. Leave "\/ofrep\/v1" out/);
  });

  it('a context the service refuses (400)', async () => {
    const catalogue = await ofrep({ flags: FLAGS }, { context: { targetingKey: 42 } });
    expect((await catalogue.test()).message).toMatch(/HTTP 400: targetingKey must be a string\. The service refused the evaluation context \{"targetingKey":42\}: fix "context"/);
  });

  it('waits out a 429 as Retry-After says, then loads', async () => {
    const catalogue = await ofrep({ flags: FLAGS });
    api!.failNext(1, { status: 429, headers: { 'Retry-After': '7' } });
    expect((await catalogue.load()).flags).toHaveLength(4);
    expect(catalogue.waits).toEqual([7000]);
  });

  it('a 429 asking for a long wait says when to try again', async () => {
    const catalogue = await ofrep({ flags: FLAGS });
    api!.failNext(1, { status: 429, headers: { 'Retry-After': new Date(Date.now() + 600_000).toUTCString() } });
    await expect(catalogue.load()).rejects.toMatchObject({ kind: 'rate-limited', message: expect.stringMatching(/HTTP 429\. Try again in (599|600) s\./) });
    expect(catalogue.waits).toEqual([]);
  });

  it('a service that keeps failing (500) shows its errorDetails and keeps the last catalogue', async () => {
    const catalogue = await ofrep({ flags: FLAGS });
    await catalogue.refresh();
    api!.failNext(4, { status: 500, body: { errorDetails: 'flag store unavailable' } });
    const view = await catalogue.refresh();
    expect(view.error).toMatch(/HTTP 500: flag store unavailable\..*try again later/);
    expect(view.flags).toHaveLength(4);
  });
});

describe('OFREP provider: hostile answers', () => {
  it.each([
    ['not JSON', { status: 200, body: 'Welcome to nginx!', headers: { 'Content-Type': 'text/html' } }, /not JSON \(it starts "Welcome to nginx!"\)/],
    ['a list', { status: 200, body: [] }, /answered with a list, not OFREP's bulk evaluation/],
    ['null', { status: 200, body: 'null' }, /answered with null, not OFREP's/],
    ['no flags', { status: 200, body: { features: [] } }, /answered with an object with no "flags", not OFREP's/],
    ['flags that are not a list', { status: 200, body: { flags: { a: 1 } } }, /an object with "flags" that is not a list.*without \/ofrep\/v1/],
  ])('an answer that is %s is a clear error', async (_what, reply, message) => {
    const catalogue = await ofrep({ flags: FLAGS });
    api!.failNext(1, reply);
    await expect(catalogue.load()).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(message) });
  });

  it('skips malformed items, keeps odd but usable ones, and never crashes', async () => {
    const catalogue = await ofrep({ flags: FLAGS });
    const items = [
      null, 42, 'flag', { key: 5, value: true }, { value: true }, { key: '' },
      { key: 'odd-fields', value: 'x', variant: 7, reason: [], metadata: 'm' },
      { key: 'a,b;c=d\ne', value: true },
      { key: 'huge', value: true, metadata: { notes: `${'x'.repeat(1024 * 1024)} SHOP-1`, ticket: 'SHOP-2' } },
      { key: 'code-default', variant: 'control', reason: 'DEFAULT' },
      { key: 'broken', errorCode: 42, errorDetails: { nested: true } },
      { key: 'a,b;c=d\ne', value: false },
      'DEEP',
    ];
    const deep = `{"key":"deep","value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    api!.failNext(1, { status: 200, body: JSON.stringify({ flags: items }).replace('"DEEP"', deep) });
    const { flags, warnings } = await catalogue.load();
    expect(flags.map((f) => [f.key, f.type, f.defaultValue, f.variants.length])).toEqual([
      ['odd-fields', 'string', 'x', 0],
      ['a,b;c=d\ne', 'boolean', true, 0],
      ['huge', 'boolean', true, 0],
      // The service defers to the app's code default: there is no value to show, any may be set.
      ['code-default', 'json', undefined, 0],
    ]);
    const huge = flags.find((f) => f.key === 'huge')!;
    expect(String(huge.metadata?.notes).length).toBeLessThan(2_000);
    expect(huge.tickets).toEqual(['SHOP-2']);
    expect(warnings).toEqual([
      'Skipped flags[0]: it has no "key".',
      'Skipped flags[1]: it has no "key".',
      'Skipped flags[2]: it has no "key".',
      'Skipped flags[3]: it has no "key".',
      'Skipped flags[4]: it has no "key".',
      'Skipped flags[5]: it has no "key".',
      'Skipped flag "broken": the service could not evaluate it (an error).',
      'Skipped flag "deep": its value nests deeper than 64 levels.',
      'Skipped a second flag with key "a,b;c=d\\ne".',
    ]);
  });
});
