import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DictSchema } from '../../lib/dict-schema';
import { JsonValueSchema, type JsonValue } from '../../lib/json';
import { createDetectionStore } from '../../lib/detect/store';
import { readEcho } from '../../lib/detect/echo';
import { detectionKey, PageReportSchema, type TabDetections } from '../../lib/detect/observation';
import { pageFlagState, reportedKeys } from '../../lib/detect/verdict';
import { collectEvidence } from '../../lib/detect/evidence';
import { EvidenceSchema } from '../../lib/signoff/schema';
import { createOverrideEngine } from '../../lib/overrides/engine';
import { OVERRIDE_STATE_KEY, OverrideStateSchema } from '../../lib/overrides/state';
import { CHROME_RESOURCE_TYPES } from '../../lib/overrides/rules';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import { encodeOverrides, decodeOverrides } from '../../lib/wire';
import { readBulkEvaluation } from '../../lib/providers/ofrep/read';
import { readDiscovery } from '../../lib/providers/vercel/read';
import { finishFlags } from '../../lib/providers/normalise';
import { FeatureFlagSchema } from '../../lib/providers/launchdarkly/api-schema';
import { toFlag as launchDarklyFlag } from '../../lib/providers/launchdarkly/normalise';
import { createSecretsStore } from '../../lib/secrets/store';
import { createFakeDnr } from '../support/fake-dnr';
import { readShareLink, shareUrl } from '../../lib/share/codec';
import { describeOffer } from '../../lib/share/offer';
import { dictFrom } from '../../lib/dict';
import { exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { matchingScenario } from '../../lib/scenarios/scenario';
import { planTicket } from '../../lib/scenarios/ticket-plan';
import { makeFlag } from '../../lib/flags/flag';
import { memoryStorage } from '../support/catalogue';

/**
 * Every path a page, a provider, storage or an imported file can feed keys into, fed the keys
 * that reach Object.prototype or shadow its members. Each run checks two things: the realm's
 * prototype is untouched, and what went in comes out exactly (a flag named "__proto__" is a
 * flag like any other). STYLE.md §14.
 */

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'] as const;
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 12 }));

/** JSON values whose object keys are hostile, built as JSON.parse builds them (own `__proto__`). */
type Tree = null | boolean | number | string | Tree[] | { entries: [string, Tree][] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }),
    fc.array(tie('t'), { maxLength: 3 }),
    fc.record({ entries: fc.uniqueArray(fc.tuple(hostileKey, tie('t')), { maxLength: 4, selector: ([k]) => k }) }),
  ),
})).t;
const text = (t: Tree): string =>
  t !== null && typeof t === 'object' && !Array.isArray(t)
    ? `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${text(v)}`).join(',')}}`
    : Array.isArray(t) ? `[${t.map(text).join(',')}]` : JSON.stringify(t);
const jsonValue = tree.map((t) => JSON.parse(text(t)) as JsonValue);

/** What Object.prototype looks like now: any own property added or changed shows here. */
function prototypeShape(): string {
  return Object.getOwnPropertyNames(Object.prototype).sort().map((name) => {
    const d = Object.getOwnPropertyDescriptor(Object.prototype, name)!;
    return `${name}:${typeof d.value}:${String(d.get)}`;
  }).join('|') + `|${String(Object.getPrototypeOf(Object.prototype))}`;
}
const pristine = prototypeShape();
afterEach(() => expect(prototypeShape()).toBe(pristine));
const untouched = () => {
  expect(prototypeShape()).toBe(pristine);
  // Names a pollution through the detection store would have added for every object.
  for (const source of ['meta', 'element', 'script', 'openfeature', 'echo-header', 'value']) expect(source in {}).toBe(false);
};

const site: Site = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
  expiryMinutes: 60, detection: DEFAULT_DETECTION,
};

describe('hostile keys never reach Object.prototype and round-trip exactly', () => {
  it('DictSchema and JsonValueSchema keep every key, __proto__ included, in null-prototype records', () => {
    fc.assert(fc.property(jsonValue, (value) => {
      const parsed = JsonValueSchema.parse(value);
      expect(JSON.stringify(parsed)).toBe(JSON.stringify(value));
      const record = DictSchema(JsonValueSchema).parse(JSON.parse(`{"__proto__":${JSON.stringify(value)},"constructor":1}`));
      expect(Object.getPrototypeOf(record)).toBe(null);
      expect(Object.keys(record)).toEqual(['__proto__', 'constructor']);
      untouched();
    }));
  });

  it('page reports, by marker and by SDK evaluation, and echo headers: stored and read back as sent, other tabs unaffected', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(fc.tuple(hostileKey, jsonValue, fc.constantFrom('element', 'meta', 'openfeature', 'growthbook')), { minLength: 1, maxLength: 6, selector: ([k, , s]) => `${k}\u0000${s}` }),
      hostileKey, jsonValue,
      async (observations, echoKey, echoValue) => {
        const session = memoryStorage();
        const store = createDetectionStore({ session, now: () => 10_000, flushDelayMs: 0 });
        await store.navigated(2, 9_000, 'https://shop.example.com/'); // an honest tab
        await store.navigated(1, 9_000, 'https://shop.example.com/');
        for (const kind of ['markers', 'evaluations'] as const) {
          const wanted = observations.filter(([, , s]) => (kind === 'markers') === (s === 'element' || s === 'meta'));
          // The content script's message arrives as structured-cloned JSON.
          const raw = JSON.parse(JSON.stringify({ kind, documentStartedAt: 9_000, observations: wanted.map(([key, , source]) => ({ key, source, at: 9_500 })) }));
          raw.observations.forEach((o: { value?: unknown }, i: number) => { o.value = wanted[i]![1]; });
          await store.report(1, PageReportSchema().parse(raw));
        }
        const echo = readEcho({ url: 'https://shop.example.com/api', method: 'GET', timeStamp: 0, responseHeaders: [{ name: 'X-Feature-Flags-Applied', value: encodeOverrides({ [echoKey]: echoValue } as Record<string, JsonValue>) }] }, 'X-Feature-Flags-Applied');
        expect(echo && 'values' in echo && Object.keys(echo.values)).toEqual([echoKey]);
        if (echo && 'values' in echo) await store.echo(1, { ...echo, at: 9_600 });
        untouched();

        // A new worker reads the records back from storage.
        await store.flush();
        const reread = createDetectionStore({ session, now: () => 10_000, flushDelayMs: 0 });
        for (const d of [await store.get(1), await reread.get(1)]) {
          for (const [key, value, source] of observations) {
            expect(JSON.stringify(own(own(d!.flags, key), source)?.value)).toBe(JSON.stringify(value));
          }
          expect(JSON.stringify(own(own(d!.flags, echoKey), 'echo-header')?.value)).toBe(JSON.stringify(echoValue));
          const keys = new Set([...observations.map(([k]) => k), echoKey]);
          expect(new Set(reportedKeys(d))).toEqual(keys);
        }
        // The honest tab, and the popup reading its record straight from storage, see nothing forged.
        const honest = (await session.get(detectionKey(2)))[detectionKey(2)] as TabDetections;
        for (const key of ['new-checkout', ...HOSTILE]) {
          expect(pageFlagState(honest, key).readings).toEqual([]);
          expect(pageFlagState(await reread.get(2), key).readings).toEqual([]);
        }
        expect(collectEvidence({ url: 'https://shop.example.com/', site, overrides: {}, detections: honest, browser: 'x', flagtabVersion: '0', at: 1 }).activeFlags).toEqual([]);
        untouched();
      },
    ), { numRuns: 60 });
  });

  it('override state: the engine sets, stores, installs and reads back hostile flag keys', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.tuple(hostileKey, jsonValue), { minLength: 1, maxLength: 5, selector: ([k]) => k }), async (entries) => {
      const session = memoryStorage();
      const dnr = createFakeDnr();
      const deps = {
        session, dnr, alarms: { create: () => undefined, clear: async () => true }, setBadge: async () => undefined,
        openTabIds: async () => [1], sites: async () => [site], resourceTypes: CHROME_RESOURCE_TYPES, now: () => 1_000,
      };
      const engine = createOverrideEngine(deps);
      for (const [key, value] of entries) await engine.setOverride(1, 'shop', key, value);
      untouched();
      // A restarted worker reads the state back; the rules carry exactly the same values.
      const values = (await createOverrideEngine(deps).getTab(1)).shop?.values ?? {};
      expect(Object.keys(values).sort()).toEqual(entries.map(([k]) => k).sort());
      for (const [key, value] of entries) expect(JSON.stringify(own(values, key))).toBe(JSON.stringify(value));
      const header = dnr.headersFor({ url: 'https://shop.example.com/', tabId: 1, type: 'main_frame' })['x-feature-flags']!;
      const decoded = decodeOverrides(header);
      expect(decoded.ok && Object.keys(decoded.values).sort()).toEqual(entries.map(([k]) => k).sort());
      const stored = OverrideStateSchema.parse((await session.get(OVERRIDE_STATE_KEY))[OVERRIDE_STATE_KEY]);
      expect(Object.keys(stored['1']!.shop!.setAt!).sort()).toEqual(entries.map(([k]) => k).sort());
      await engine.clearOverride(1, 'shop', entries[0]![0]);
      // Sorted: an object lists integer-like keys ("0") first, whatever order they were set in.
      expect(Object.keys((await engine.getTab(1)).shop?.values ?? {}).sort()).toEqual(entries.slice(1).map(([k]) => k).sort());
      untouched();
    }), { numRuns: 40 });
  });

  it('providers: hostile metadata, environment and custom property names come through as data', () => {
    fc.assert(fc.property(hostileKey, hostileKey, jsonValue, (flagKey, name, value) => {
      const body = JSON.parse(`{"flags":[{"key":${JSON.stringify(flagKey)},"value":${JSON.stringify(value)},"metadata":{${JSON.stringify(name)}:"SHOP-1"}}]}`);
      const { flags } = finishFlags(readBulkEvaluation(body, 'https://ofrep.example.com').flags);
      expect(flags[0]?.key).toBe(flagKey);
      expect(JSON.stringify(flags[0]?.defaultValue)).toBe(JSON.stringify(value));
      expect(own(flags[0]?.metadata, name)).toBe('SHOP-1');
      expect(flags[0]?.tickets).toContain('SHOP-1');

      const ld = FeatureFlagSchema.parse(JSON.parse(`{"key":${JSON.stringify(flagKey)},"kind":"boolean","variations":[{"value":true},{"value":false}],"tags":[],
        "environments":{${JSON.stringify(name)}:{"on":true,"fallthrough":{"variation":0},"offVariation":1}},
        "customProperties":{${JSON.stringify(name)}:{"name":"Ticket","value":["SHOP-2"]}}}`));
      const flag = launchDarklyFlag(ld, { baseUrl: 'https://app.launchdarkly.com', environment: name, now: 0 });
      expect(flag.defaultValue).toBe(true);
      expect(Object.keys(flag.environments ?? {})).toEqual([name]);
      expect(own(flag.metadata, name)).toBe('SHOP-2');

      const discovery = JSON.parse(`{"definitions":{${JSON.stringify(flagKey)}:{"description":"SHOP-3","options":[{"value":${JSON.stringify(value)}}],"defaultValue":${JSON.stringify(value)}}}}`);
      const [vercel] = finishFlags(readDiscovery(discovery, 'https://shop.example.com/.well-known/vercel/flags', null).flags).flags;
      expect(vercel?.key).toBe(flagKey);
      expect(JSON.stringify(vercel?.variants[0]?.value)).toBe(JSON.stringify(value));
      // Contain, not equal: the default value (random here) shows in the flag's metadata, where a ticket-like text counts too.
      expect(vercel?.tickets).toContain('SHOP-3');
      untouched();
    }));
  });

  it('secrets and sign-off evidence keep hostile keys as data', async () => {
    await fc.assert(fc.asyncProperty(hostileKey, jsonValue, async (key, value) => {
      const secrets = createSecretsStore(memoryStorage());
      await secrets.set(key, 'catalogue', 'token-1', 'https://api.example.com');
      expect(await secrets.tokenFor(key, 'catalogue', 'https://api.example.com')).toEqual({ token: 'token-1' });
      expect(await secrets.get('other', 'catalogue')).toBeUndefined();
      const evidence = EvidenceSchema().parse(JSON.parse(JSON.stringify({
        url: 'https://shop.example.com/', site: { id: 'shop', name: 'Shop' }, activeFlags: [], browser: 'x', flagtabVersion: '0', at: 1,
        overrides: JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`),
      })));
      expect(JSON.stringify(evidence.overrides)).toBe(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`);
      untouched();
    }));
  });

  it('share links: hostile flag keys and value keys go into the link, back out and into the offer as data', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(hostileKey, jsonValue), { minLength: 1, maxLength: 6, selector: ([k]) => k }), (entries) => {
      const values = dictFrom(entries);
      const made = shareUrl('https://shop.example.com/', { v: 1, site: 'shop', values });
      // Too deep or too long a value is refused with a reason; what is made must read back exactly.
      if (!made.ok) return;
      const read = readShareLink(made.url);
      expect(read.kind).toBe('link');
      if (read.kind !== 'link') return;
      expect(Object.getPrototypeOf(read.link.values)).toBe(null);
      expect(JSON.stringify(read.link.values)).toBe(JSON.stringify(values));
      const offer = describeOffer(read, 'https://shop.example.com/', [site], new Set(['constructor']));
      expect(offer.status === 'ready' && offer.entries.map((e) => [e.key, e.known]).sort()).toEqual(entries.map(([k]) => [k, k === 'constructor']).sort());
      untouched();
    }));
  });

  it('scenarios: an imported scenario\'s hostile flag keys round-trip, match the tab and plan a ticket as data', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(hostileKey, jsonValue), { minLength: 1, maxLength: 5, selector: ([k]) => k }), (entries) => {
      const values = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
      const scenario = `{"id":"s","siteId":"shop","name":"S","tickets":["SHOP-1"],"values":${values}}`;
      // A function, not a string: "$$" or "$`" in a hostile key would be a replacement pattern.
      const file = exportConfigFile({ version: 1, sites: [site], scenarios: [] }).replace(/\n}\n$/, () => `,"scenarios":[${scenario}]}`);
      const read = parseConfigFile(file);
      if (!read.ok) throw new Error(read.error);
      untouched();
      const again = parseConfigFile(exportConfigFile(read.config));
      expect(again).toEqual(read);
      const got = read.config.scenarios[0]!.values;
      expect(Object.keys(got).sort()).toEqual(entries.map(([k]) => k).sort());
      expect(matchingScenario(read.config.scenarios, 'shop', JSON.parse(values) as Record<string, JsonValue>)?.id).toBe('s');
      const flags = entries.map(([key]) => makeFlag({ key, type: 'string', variants: [], tags: [], tickets: ['SHOP-1'] }));
      const plan = planTicket('SHOP-1', flags, read.config.scenarios);
      for (const [key] of entries) expect(JSON.stringify(own(plan.values, key))).toBe(JSON.stringify(own(got, key)));
      untouched();
    }), { numRuns: 40 });
  });
});

function own<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
