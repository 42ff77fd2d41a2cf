import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNEL, CONTENT_CHANNEL } from '../../lib/detect/channel';
import { LIMITS, PageReportSchema, type PageReport } from '../../lib/detect/observation';
import type { PageEnvelope, PageHello } from '../../lib/detect/page-protocol';
import { createContentScript, type ContentWindow } from '../../lib/detect/content/relay';

const AT = 1_700_000_000_000;
const ORIGIN = 'http://shop.localhost:5177';

/** The page and the background around one content script: what it posted, what it reported. */
function setup(options: { hello?: Partial<PageHello> | 'refused'; html?: string; helloDelay?: Promise<void>; serviceWorker?: ContentWindow['navigator'] } = {}) {
  const { document, window: dom } = parseHTML(options.html ?? '<html><body><main></main></body></html>');
  const events = new EventTarget();
  const posted: { message: unknown; origin: string }[] = [];
  const reports: PageReport[] = [];
  const errors: unknown[] = [];
  const win: ContentWindow = {
    addEventListener: events.addEventListener.bind(events) as ContentWindow['addEventListener'],
    removeEventListener: events.removeEventListener.bind(events) as ContentWindow['removeEventListener'],
    postMessage: (message, origin) => posted.push({ message, origin }),
    location: { origin: ORIGIN },
    performance: { timeOrigin: AT },
    setTimeout: (handler, ms) => setTimeout(handler, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
    requestAnimationFrame: (cb) => setTimeout(cb, 16) as unknown as number,
    cancelAnimationFrame: (id) => clearTimeout(id),
    innerWidth: 1024,
    innerHeight: 768,
    MutationObserver: (dom as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver,
    ...(options.serviceWorker ? { navigator: options.serviceWorker } : {}),
  };
  const send = async (envelope: PageEnvelope): Promise<unknown> => {
    if (envelope.type === 'page/hello') {
      await options.helloDelay;
      if (options.hello === 'refused') return { ok: false, error: 'Refused: this page is not on a site where Flagtab reads what the page uses.' };
      return { ok: true, result: { markers: false, sdks: true, overrides: {}, outline: false, ...options.hello } };
    }
    // The background's own check: a report it would refuse fails the test.
    const parsed = PageReportSchema().safeParse(envelope.data);
    if (!parsed.success) throw new Error(`invalid report: ${parsed.error.message}`);
    reports.push(parsed.data);
    return { ok: true, result: { accepted: true } };
  };
  const script = createContentScript({ send, win, doc: document as unknown as Document, now: () => Date.now(), onError: (e) => errors.push(e) });
  /** A window message as the page (or, with `source`, another frame) posts it. */
  const fromPage = (data: unknown, source: unknown = win) => events.dispatchEvent(Object.assign(new Event('message'), { data, source }));
  const bridge = (items: unknown[]) => fromPage({ channel: BRIDGE_CHANNEL, type: 'evaluations', items });
  const overridesPosted = () => posted.filter((p) => (p.message as { channel?: string }).channel === CONTENT_CHANNEL);
  const observations = (kind: PageReport['kind'] = 'evaluations') => reports.filter((r) => r.kind === kind).flatMap((r) => r.observations);
  return { script, document, fromPage, bridge, posted, overridesPosted, reports, observations, errors };
}

const evaluation = (key: string, value: unknown, source = 'openfeature', extra: object = {}) => ({ key, source, value, at: AT + 5, ...extra });
const settle = () => vi.advanceTimersByTimeAsync(5_000);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('hello', () => {
  it('does nothing more when the background refuses (detection is off for the site)', async () => {
    const page = setup({ hello: 'refused', html: '<meta name="feature-flags" content="a">' });
    await page.script.start();
    page.bridge([evaluation('a', true)]);
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'ready' });
    await settle();
    expect(page.reports).toEqual([]);
    expect(page.posted).toEqual([]);
  });

  it('posts the overrides to the bridge, to this origin, forcing only when there are some', async () => {
    const page = setup({ hello: { overrides: { 'new-checkout': true } } });
    await page.script.start();
    expect(page.overridesPosted()).toEqual([
      { message: { channel: CONTENT_CHANNEL, type: 'overrides', overrides: { 'new-checkout': true }, force: true }, origin: ORIGIN },
    ]);
    const none = setup({ hello: { overrides: {} } });
    await none.script.start();
    expect(none.overridesPosted().map((p) => p.message)).toEqual([{ channel: CONTENT_CHANNEL, type: 'overrides', overrides: {}, force: false }]);
  });

  it('posts nothing to the page when the site does not want SDKs bridged', async () => {
    const page = setup({ hello: { sdks: false, overrides: { a: 1 } } });
    await page.script.start();
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'ready' });
    page.bridge([evaluation('a', 1)]);
    await settle();
    expect(page.posted).toEqual([]);
    expect(page.reports).toEqual([]);
  });
});

describe('the bridge', () => {
  it('answers "ready" with the overrides again', async () => {
    const page = setup({ hello: { overrides: { 'hero-banner': 'b' } } });
    await page.script.start();
    await settle();
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'ready' });
    expect(page.overridesPosted().map((p) => p.message)).toEqual([
      expect.objectContaining({ overrides: { 'hero-banner': 'b' } }),
      expect.objectContaining({ overrides: { 'hero-banner': 'b' } }),
    ]);
  });

  it('relays evaluations and found SDKs, the latest value per flag and SDK', async () => {
    const page = setup();
    await page.script.start();
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'found', sdk: 'growthbook' });
    page.bridge([evaluation('new-checkout', false, 'growthbook'), evaluation('hero-banner', 'a', 'growthbook')]);
    page.bridge([evaluation('new-checkout', true, 'growthbook', { detail: '  force  ', forced: true })]);
    page.bridge([evaluation('new-checkout', 'on', 'openfeature', { detail: 'STATIC' })]);
    await settle();
    expect(page.observations()).toEqual([
      { key: 'new-checkout', source: 'growthbook', value: true, detail: 'force', forced: true, at: AT + 5 },
      { key: 'hero-banner', source: 'growthbook', value: 'a', at: AT + 5 },
      { key: 'new-checkout', source: 'openfeature', value: 'on', detail: 'STATIC', at: AT + 5 },
    ]);
    expect(page.reports.every((r) => r.documentStartedAt === AT && r.sdks.includes('growthbook'))).toBe(true);
  });

  it('keeps what the bridge posts before the hello answer, and reports it after', async () => {
    let answer!: () => void;
    const page = setup({ helloDelay: new Promise((resolve) => (answer = resolve)) });
    const started = page.script.start();
    page.bridge([evaluation('early', 1)]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.reports).toEqual([]);
    answer();
    await started;
    await settle();
    expect(page.observations()).toEqual([evaluation('early', 1)]);
  });

  it('reports a flag whose value is too large or not JSON without its value', async () => {
    const page = setup();
    await page.script.start();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    page.bridge([
      evaluation('big', 'x'.repeat(LIMITS.valueJsonLength)),
      evaluation('cyclic', cyclic),
      evaluation('date', new Date(0)),
      evaluation('long-detail', 1, 'unleash', { detail: 'd'.repeat(1_000_000) }),
    ]);
    await settle();
    expect(page.observations()).toEqual([
      { key: 'big', source: 'openfeature', detail: 'value too large to show', at: AT + 5 },
      { key: 'cyclic', source: 'openfeature', detail: 'value too large to show', at: AT + 5 },
      { key: 'date', source: 'openfeature', at: AT + 5 },
      { key: 'long-detail', source: 'unleash', value: 1, detail: `${'d'.repeat(LIMITS.detailLength - 1)}…`, at: AT + 5 },
    ]);
  });

  it('drops malformed evaluations and counts them', async () => {
    const page = setup();
    await page.script.start();
    page.bridge([
      null,
      'text',
      { key: '', source: 'openfeature', at: AT },
      { key: 'k'.repeat(LIMITS.keyLength + 1), source: 'openfeature', at: AT },
      { key: 'a', source: 'evil-sdk', at: AT },
      { key: 'a', source: 'unleash', at: 'yesterday' },
      { key: 'a', source: 'unleash', at: Number.NaN },
    ]);
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'evaluations', items: 'not a list' });
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'found', sdk: 'evil-sdk' });
    await settle();
    expect(page.observations()).toEqual([]);
    expect(page.reports.reduce((n, r) => n + r.dropped, 0)).toBe(9);
    expect(page.reports.flatMap((r) => r.sdks)).toEqual([]);
  });

  it('ignores messages from other windows, other channels, and anything shaped like a command', async () => {
    const page = setup({ hello: { overrides: { a: 1 } } });
    await page.script.start();
    const postedAtStart = page.posted.length;
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'evaluations', items: [evaluation('framed', 1)] }, { other: 'window' });
    page.fromPage({ channel: BRIDGE_CHANNEL, type: 'ready' }, null);
    page.fromPage({ channel: CONTENT_CHANNEL, type: 'overrides', overrides: { a: 'hacked' }, force: true });
    page.fromPage({ type: 'overrides/set', data: { tabId: 1, siteId: 'shop', key: 'a', value: 'hacked' } });
    page.fromPage({ type: 'flagtab/overrides', overrides: { a: 'hacked' } });
    page.fromPage({ type: 'page/report', data: { kind: 'markers', documentStartedAt: 0, observations: [] } });
    page.fromPage('flagtab:bridge');
    page.fromPage(null);
    await settle();
    expect(page.reports).toEqual([]);
    expect(page.posted).toHaveLength(postedAtStart);
  });

  it('stays bounded under a flood of 100,000 forged evaluations with random keys', async () => {
    const page = setup();
    await page.script.start();
    for (let i = 0; i < 100_000; i++) page.bridge([evaluation(`flood-${i}-${Math.random().toString(36).slice(2)}`, i)]);
    page.bridge(Array.from({ length: 10_000 }, (_, i) => evaluation(`batch-${i}`, i)));
    for (let i = 0; i < 1_000; i++) page.fromPage({ channel: BRIDGE_CHANNEL, type: 'ready' });
    await vi.advanceTimersByTimeAsync(1_000);
    // At most one report per 250 ms: the first at once, then 4 more in the second that followed.
    expect(page.reports.length).toBeLessThanOrEqual(5);
    expect(page.overridesPosted().length).toBeLessThanOrEqual(6);
    await settle();
    expect(page.reports.length).toBeLessThanOrEqual(Math.ceil(LIMITS.flagsPerTab / LIMITS.reportObservations) + 1);
    expect(page.reports.every((r) => r.observations.length <= LIMITS.reportObservations)).toBe(true);
    const keys = new Set(page.observations().map((o) => o.key));
    expect(keys.size).toBe(LIMITS.flagsPerTab);
    // Every message is accounted for: reported, or counted as dropped.
    const dropped = page.reports.reduce((n, r) => n + r.dropped, 0);
    expect(page.observations().length + dropped).toBe(110_000);
  });

  it('still updates flags it already knows after the cap is reached', async () => {
    const page = setup();
    await page.script.start();
    for (let i = 0; i < LIMITS.flagsPerTab + 10; i++) page.bridge([evaluation(`k${i}`, i)]);
    await settle();
    page.bridge([evaluation('k0', 'again'), evaluation('unseen', 1)]);
    await settle();
    expect(page.reports.at(-1)).toMatchObject({ observations: [evaluation('k0', 'again')], dropped: 1 });
  });
});

describe('messages from the background', () => {
  it('passes pushed overrides on to the bridge', async () => {
    const page = setup({ hello: { overrides: { a: 1 } } });
    await page.script.start();
    page.script.receive({ type: 'flagtab/overrides', overrides: { a: 2, b: 'x' } });
    page.script.receive({ type: 'flagtab/overrides', overrides: {} });
    page.script.receive({ type: 'flagtab/overrides', overrides: 'nope' });
    page.script.receive({ type: 'something/else' });
    page.script.receive(null);
    expect(page.overridesPosted().map((p) => p.message)).toEqual([
      { channel: CONTENT_CHANNEL, type: 'overrides', overrides: { a: 1 }, force: true },
      { channel: CONTENT_CHANNEL, type: 'overrides', overrides: { a: 2, b: 'x' }, force: true },
      { channel: CONTENT_CHANNEL, type: 'overrides', overrides: {}, force: false },
    ]);
  });

  it('hears nothing after stop()', async () => {
    const page = setup({ hello: { overrides: { a: 1 }, markers: true } });
    await page.script.start();
    await settle();
    const before = { posted: page.posted.length, reports: page.reports.length };
    page.script.stop();
    page.script.receive({ type: 'flagtab/overrides', overrides: { a: 2 } });
    page.bridge([evaluation('late', 1)]);
    page.document.body.append(page.document.createElement('div'));
    await settle();
    expect({ posted: page.posted.length, reports: page.reports.length }).toEqual(before);
  });
});

const MARKED = `<html><head><meta name="feature-flags" content="new-checkout=true"></head><body>
<script type="application/json" data-flag-values>{"max-items": 5}</script>
<div id="hero" data-feature-flag="hero-banner" data-feature-flag-value='"b"'>B</div>
<main></main></body></html>`;

describe('markers', () => {
  it('reports the markers once, then a new snapshot only when they change', async () => {
    const page = setup({ hello: { markers: true, sdks: false }, html: MARKED });
    await page.script.start();
    await settle();
    const markers = () => page.reports.filter((r) => r.kind === 'markers');
    expect(markers()).toEqual([
      expect.objectContaining({
        documentStartedAt: AT,
        dropped: 0,
        observations: [
          { key: 'new-checkout', source: 'meta', value: true, at: AT },
          { key: 'max-items', source: 'script', value: 5, at: AT },
          { key: 'hero-banner', source: 'element', value: 'b', elements: 1, at: AT },
        ],
      }),
    ]);

    // A DOM change that touches no marker: scanned, same snapshot, nothing sent.
    page.document.querySelector('main')?.append(page.document.createElement('p'));
    await settle();
    expect(markers()).toHaveLength(1);

    // Many marker changes in a burst: folded into few scans, the last state reported.
    for (let i = 0; i < 50; i++) page.document.querySelector('#hero')?.setAttribute('data-feature-flag-value', JSON.stringify(`v${i}`));
    await settle();
    expect(markers().length).toBeLessThanOrEqual(3);
    expect(markers().at(-1)?.observations.find((o) => o.source === 'element')).toMatchObject({ key: 'hero-banner', value: 'v49' });
  });

  it('does not read markers when the site does not want them', async () => {
    const page = setup({ hello: { markers: false }, html: MARKED });
    await page.script.start();
    await settle();
    expect(page.reports).toEqual([]);
  });
});

/** `navigator.serviceWorker` as a page sees it: a controller (or none yet) and controllerchange. */
function fakeContainer(controlled: boolean) {
  const events = new EventTarget();
  const container = {
    controller: controlled ? {} : null,
    addEventListener: (type: 'controllerchange', listener: () => void) => events.addEventListener(type, listener),
    removeEventListener: (type: 'controllerchange', listener: () => void) => events.removeEventListener(type, listener),
    claim() {
      container.controller = {};
      events.dispatchEvent(new Event('controllerchange'));
    },
  };
  return container;
}

describe('the page\'s own service worker', () => {
  const workerReports = (page: ReturnType<typeof setup>) => page.reports.filter((r) => r.serviceWorker === true);

  it('says once that the document is controlled by one', async () => {
    const page = setup({ serviceWorker: { serviceWorker: fakeContainer(true) } });
    await page.script.start();
    await settle();
    expect(workerReports(page)).toHaveLength(1);
    expect(workerReports(page)[0]).toMatchObject({ kind: 'evaluations', observations: [] });
  });

  it('says so when a worker claims the page after it loaded (a first visit)', async () => {
    const container = fakeContainer(false);
    const page = setup({ serviceWorker: { serviceWorker: container } });
    await page.script.start();
    await settle();
    expect(workerReports(page)).toEqual([]);
    container.claim();
    container.claim();
    await settle();
    expect(workerReports(page)).toHaveLength(1);
  });

  it('says nothing without one, or where reading it throws (an opaque origin)', async () => {
    const none = setup({ serviceWorker: { serviceWorker: fakeContainer(false) } });
    await none.script.start();
    const throwing = setup({ serviceWorker: Object.defineProperty({}, 'serviceWorker', { get: () => { throw new DOMException('denied', 'SecurityError'); } }) });
    await throwing.script.start();
    await settle();
    expect([...none.reports, ...throwing.reports].filter((r) => r.serviceWorker)).toEqual([]);
    expect(throwing.errors).toEqual([]);
  });
});
