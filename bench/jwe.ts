import { encodeOverrides } from '../lib/wire';
import { vercelTransport } from '../lib/transports/vercel';
import { overridesFor } from './wire-v2';
import { ratio, summarise, type Ratio, type Summary } from './stats';
import type { Plan } from './speed';

const BATCH = 200;
const COUNT = 10;
/** A FLAGS_SECRET made for the bench (32 bytes of base64url); it guards nothing. */
const SECRET = 'YmVuY2gtb25seS1mbGFncy1zZWNyZXQtMzItYnl0ZXM';

export interface JweResult {
  header: { summary: Summary; samples: number[] };
  vercel: { summary: Summary; samples: number[] };
  ratio: Ratio;
}

/**
 * What the Vercel cookie adds to each change: the background's `prepare` (HKDF + HMAC for the
 * IV, then AES-GCM) for 10 overrides, ÷ encoding the same overrides for the header, in
 * interleaved rounds; MICROseconds per change. Each change has its own values, as each click does.
 */
export async function measureJwe(plan: Plan): Promise<JweResult> {
  const base = overridesFor(COUNT);
  const settings = { enabled: true, name: 'vercel-flag-overrides' };
  const headers: number[] = [];
  const cookies: number[] = [];
  let sink = 0;
  for (let round = 0; round < plan.warmups + plan.runs; round++) {
    const values = Array.from({ length: BATCH }, (_, i) => ({ ...base, round: round * BATCH + i }));
    let started = performance.now();
    for (const v of values) sink += encodeOverrides(v).length;
    const header = ((performance.now() - started) * 1000) / BATCH;
    started = performance.now();
    for (const v of values) sink += (await vercelTransport.prepare!(settings, v, { secret: SECRET, expiresAt: 1_900_000_000_000, now: 0 }))?.length ?? 0;
    const cookie = ((performance.now() - started) * 1000) / BATCH;
    if (round >= plan.warmups) {
      headers.push(header);
      cookies.push(cookie);
    }
  }
  if (sink === 0) throw new Error('the measured loops did no work');
  const h = summarise(headers);
  const v = summarise(cookies);
  return { header: { summary: h, samples: headers }, vercel: { summary: v, samples: cookies }, ratio: ratio(v, h) };
}
