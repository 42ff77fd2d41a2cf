import { describe, expect, it } from 'vitest';
import { createDetectionStore } from '../../lib/detect/store';
import { readEcho } from '../../lib/detect/echo';
import { createRateLimiter } from '../../lib/detect/rate-limit';
import { detectionKey, LIMITS, PageReportSchema, type PageReportInput, type TabDetections } from '../../lib/detect/observation';
import { memoryStorage } from '../support/catalogue';

function setup() {
  const session = memoryStorage();
  const clock = { now: 10_000 };
  const store = createDetectionStore({ session, now: () => clock.now, flushDelayMs: 0 });
  /** What the popup would read from storage.session after the writes land. */
  const stored = async (tabId = 7) => {
    await store.flush();
    return (await session.get(detectionKey(tabId)))[detectionKey(tabId)] as TabDetections | undefined;
  };
  return { session, clock, store, stored };
}

const report = (input: Partial<PageReportInput> & Pick<PageReportInput, 'observations'>) =>
  PageReportSchema().parse({ kind: 'evaluations', documentStartedAt: 9_000, ...input });

describe('detection store', () => {
  it('keeps what each source said per flag, and starts afresh with a new document', async () => {
    const { store, stored, clock } = setup();
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    await store.echo(7, { values: { 'new-checkout': true }, at: 9_000, detail: 'GET /' });
    await store.report(7, report({ observations: [{ key: 'hero-banner', source: 'growthbook', value: 'b', detail: 'force', at: 9_500 }], sdks: ['growthbook'] }));
    expect((await stored())?.flags).toEqual({
      'new-checkout': { 'echo-header': { value: true, detail: 'GET /', at: 9_000 } },
      'hero-banner': { growthbook: { value: 'b', detail: 'force', at: 9_500 } },
    });
    expect((await stored())?.sdks).toEqual(['growthbook']);

    clock.now = 20_000;
    await store.setOutline(7, true);
    await store.navigated(7, 19_000, 'https://shop.example.com/checkout');
    const after = await stored();
    expect(after?.flags).toEqual({});
    expect(after?.url).toBe('https://shop.example.com/checkout');
    expect(after?.outline).toBe(true); // the tester's choice lasts across reloads
  });

  it('keeps the new document\'s echo when the navigation is recorded after its response', async () => {
    const { store, stored } = setup();
    await store.echo(7, { values: { a: 1 }, at: 9_000, detail: 'GET /' });
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    expect((await stored())?.flags).toEqual({ a: { 'echo-header': { value: 1, detail: 'GET /', at: 9_000 } } });
  });

  it('replaces the marker snapshot, but lets SDK evaluations accumulate', async () => {
    const { store, stored } = setup();
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    await store.report(7, report({ kind: 'markers', observations: [{ key: 'a', source: 'meta', value: true, at: 9_000 }, { key: 'b', source: 'element', elements: 2, at: 9_000 }] }));
    await store.report(7, report({ observations: [{ key: 'c', source: 'openfeature', value: 1, at: 9_100 }] }));
    await store.report(7, report({ kind: 'markers', observations: [{ key: 'b', source: 'element', elements: 3, at: 9_000 }] }));
    const flags = (await stored())?.flags;
    expect(Object.keys(flags ?? {}).sort()).toEqual(['b', 'c']);
    expect(flags?.b?.element?.elements).toBe(3);
  });

  it('ignores a late report about the previous document, and clamps times from the page\'s clock', async () => {
    const { store, stored, clock } = setup();
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    await store.report(7, report({ documentStartedAt: 1_000, observations: [{ key: 'old', source: 'meta', value: 1, at: 1_000 }] }));
    await store.report(7, report({ observations: [{ key: 'future', source: 'unleash', value: true, at: 99_999_999 }] }));
    const flags = (await stored())?.flags;
    expect(flags?.old).toBeUndefined();
    expect(flags?.future?.unleash?.at).toBe(clock.now);
  });

  it('remembers at most LIMITS.flagsPerTab flags and counts the rest as dropped', async () => {
    const { store, stored } = setup();
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    for (let batch = 0; batch < 5; batch++) {
      const observations = Array.from({ length: 500 }, (_, i) => ({ key: `k${batch}-${i}`, source: 'launchdarkly' as const, value: i, at: 9_100 }));
      await store.report(7, report({ observations }));
    }
    const after = await stored();
    expect(Object.keys(after?.flags ?? {})).toHaveLength(LIMITS.flagsPerTab);
    expect(after?.dropped).toBe(500);
  });

  it('takes a document it never saw start from the content script\'s hello, and keeps its reports', async () => {
    const { store, stored, clock } = setup();
    clock.now = 20_000;
    await store.hello(7, 15_000); // a slow page: the script said hello 5 s after the navigation began
    await store.report(7, report({ kind: 'markers', documentStartedAt: 15_000, observations: [{ key: 'a', source: 'meta', value: true, at: 15_000 }] }));
    const after = await stored();
    expect(after).toMatchObject({ documentStartedAt: 15_000, contentScript: true });
    expect(after?.flags.a?.meta?.value).toBe(true);
  });

  it('forgets a closed tab', async () => {
    const { store, stored, session } = setup();
    await store.navigated(7, 9_000, 'https://shop.example.com/');
    await store.flush();
    await store.forget(7);
    expect(await stored()).toBeUndefined();
    expect(session.items.size).toBe(0);
  });
});

describe('echo header', () => {
  const response = (value: string | undefined, name = 'X-Feature-Flags-Applied') => ({
    url: 'https://shop.example.com/api/features?x=1', method: 'GET', timeStamp: 1,
    responseHeaders: value === undefined ? [{ name: 'Content-Type', value: 'text/html' }] : [{ name, value }],
  });

  it('reads the wire format, whatever the header name\'s case', () => {
    expect(readEcho(response('hero-banner=%22b%22&new-checkout=true', 'x-feature-flags-applied'), 'X-Feature-Flags-Applied'))
      .toEqual({ values: { 'hero-banner': 'b', 'new-checkout': true }, detail: 'GET /api/features' });
    expect(readEcho(response('a%2Cb%3Bc%3Dd%0A=1'), 'X-Feature-Flags-Applied')).toEqual({ values: { 'a,b;c=d\n': 1 }, detail: 'GET /api/features' });
  });

  it('is silent without the header, and says what is wrong with a malformed one', () => {
    expect(readEcho(response(undefined), 'X-Feature-Flags-Applied')).toBeUndefined();
    const bad = readEcho(response('new-checkout=yes'), 'X-Feature-Flags-Applied');
    expect(bad).toEqual({ error: expect.stringMatching(/X-Feature-Flags-Applied header on GET \/api\/features could not be read: .*not valid JSON.*wire format/) });
    expect(readEcho(response('x='.padEnd(20_000, '1')), 'X-Feature-Flags-Applied')).toEqual({ error: expect.stringContaining('limit is 16384') });
  });

  it('drops values over the size limit', () => {
    const big = encodeURIComponent(JSON.stringify('v'.repeat(LIMITS.valueJsonLength)));
    expect(readEcho(response(`big=${big}&small=1`), 'X-Feature-Flags-Applied')).toEqual({ values: { small: 1 }, detail: 'GET /api/features' });
  });
});

describe('rate limiter', () => {
  it('allows a burst, then about perSecond, per tab', () => {
    const clock = { now: 0 };
    const limit = createRateLimiter({ perSecond: 10, burst: 30, now: () => clock.now });
    const allowed = (tab: number, n: number) => Array.from({ length: n }, () => limit.allow(tab)).filter(Boolean).length;
    expect(allowed(1, 1000)).toBe(30);
    expect(allowed(2, 5)).toBe(5); // another tab has its own bucket
    clock.now = 1_000;
    expect(allowed(1, 1000)).toBe(10);
  });
});
