/**
 * Wire v2 in Node, no browser: what verifying a signed header costs a server per request, as a
 * ratio to a bare `JSON.parse` of the same overrides' JSON (the least any JSON header costs), and
 * how long the header and cookie get at 10, 50 and 200 overrides, v1 against v2.
 * Run alone with `npx tsx bench/wire-v2.ts`; `npm run bench` includes it.
 */
import { encodeCookieValue, encodeOverrides, type Overrides } from '../lib/wire';
import { importKeys, signOverrides, verifyOverrides } from '../lib/wire/v2';
import { AUDIENCE, NOW, SIGNING_KEYS, TRUSTED } from '../scripts/wire-v2-vectors';
import { flagdFileWith } from './catalogue';
import { ratio, summarise, type Ratio, type Summary } from './stats';
import type { Plan } from './speed';

export const SIZE_COUNTS = [10, 50, 200] as const;
/** Overrides in the timed header: a tester's typical handful. */
const TIMED_COUNT = 10;
/** Requests per sample: one verification takes tens of microseconds, under the clock's resolution for one. */
const BATCH = 200;

export interface WireSize { count: number; v1Header: number; v1Cookie: number; v2: number }
export interface WireV2Result {
  sizes: WireSize[];
  jsonParse: { summary: Summary; samples: number[] };
  verify: { summary: Summary; samples: number[] };
  ratio: Ratio;
}

/** `count` overrides as a tester would set them: the bench catalogue's flags, each on a non-default variant. */
export function overridesFor(count: number): Overrides {
  const values: Overrides = {};
  for (const [key, flag] of Object.entries(flagdFileWith(count).flags)) {
    const [name] = Object.keys(flag.variants).filter((v) => v !== flag.defaultVariant);
    values[key] = flag.variants[name!] as Overrides[string];
  }
  return values;
}

async function signer() {
  const key = await crypto.subtle.importKey('jwk', SIGNING_KEYS.alice, { name: 'Ed25519' }, false, ['sign']);
  return (values: Overrides) => signOverrides(values, { alg: 'EdDSA', key, kid: 'alice', sub: 'alice@shop.example', aud: AUDIENCE, iat: NOW - 60, exp: NOW + 3540 });
}

/** Header and cookie lengths in characters (= bytes: both are ASCII). v2 sends the same token in both. */
export async function measureWireSizes(): Promise<WireSize[]> {
  const sign = await signer();
  return Promise.all(SIZE_COUNTS.map(async (count) => {
    const values = overridesFor(count);
    return { count, v1Header: encodeOverrides(values).length, v1Cookie: encodeCookieValue(values).length, v2: (await sign(values)).length };
  }));
}

/**
 * Interleaved rounds of BATCH verifications and BATCH parses; samples are MICROseconds per request
 * (the report's table prints one decimal, and a parse takes about a microsecond).
 */
export async function measureWireV2(plan: Plan): Promise<WireV2Result> {
  const keys = await importKeys(TRUSTED);
  const values = overridesFor(TIMED_COUNT);
  const token = await (await signer())(values);
  const json = JSON.stringify(values);
  const options = { keys, audience: AUDIENCE, now: NOW };
  const parses: number[] = [];
  const verifies: number[] = [];
  let sink = 0;
  for (let round = 0; round < plan.warmups + plan.runs; round++) {
    let started = performance.now();
    for (let i = 0; i < BATCH; i++) sink += Object.keys(JSON.parse(json) as object).length;
    const parse = ((performance.now() - started) * 1000) / BATCH;
    started = performance.now();
    for (let i = 0; i < BATCH; i++) {
      const result = await verifyOverrides(token, options);
      if (!result.ok) throw new Error(`bench token refused: ${result.message}`);
      sink += 1;
    }
    const verify = ((performance.now() - started) * 1000) / BATCH;
    if (round >= plan.warmups) {
      parses.push(parse);
      verifies.push(verify);
    }
  }
  if (sink === 0) throw new Error('the measured loops did no work');
  const jsonParse = summarise(parses);
  const verify = summarise(verifies);
  return { sizes: await measureWireSizes(), jsonParse: { summary: jsonParse, samples: parses }, verify: { summary: verify, samples: verifies }, ratio: ratio(verify, jsonParse) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureWireV2({ runs: 15, warmups: 2 });
  console.table(result.sizes);
  console.log(`JSON.parse ${result.jsonParse.summary.median.toFixed(2)} µs, verify ${result.verify.summary.median.toFixed(1)} µs per request; ratio median ${result.ratio.median.toFixed(1)}×, p90 ${result.ratio.p90.toFixed(1)}×`);
}
