import type { JsonValue } from '../json';
import { MAX_TOKEN_LENGTH, signOverrides, type SigningAlgorithm } from '../wire/v2';
import { signingScopes } from './hosts';

/**
 * Signing a tab's overrides for a site (wire format v2), so the engine can hand the planner one
 * token per host pattern. Tokens are made deterministic on purpose: Ed25519 and HMAC signatures
 * are, and the times below depend only on the clock's 30-minute window and the overrides' own
 * times, so reconciling twice in a window gives the same tokens and so the same rules (no churn).
 */

/** The alarm that re-signs at the next window boundary while signed overrides exist. */
export const RESIGN_ALARM = 'flagtab-overrides-resign';
/** Tokens are re-signed at each boundary of this window (epoch-aligned). */
export const SIGNING_WINDOW_MS = 30 * 60_000;
/** A token lives at most this long: it is re-signed at the next window boundary, well before. */
export const MAX_TOKEN_LIFETIME_SEC = 3600;

/** What signs one site's overrides; the background finds it in the key store (lib/secrets). */
export interface Signer {
  alg: SigningAlgorithm;
  /** Non-extractable: it signs, nothing reads it. */
  key: CryptoKey;
  kid: string;
  /** The tester: the token's `sub`. */
  sub: string;
}

/** A token that would not fit a header: the override is refused, as v1's `fitsOnTheWire` refuses. */
export class TokenTooLongError extends Error {
  override name = 'TokenTooLongError';
}

/** The start of the window `now` is in (epoch ms). */
export const windowStart = (now: number) => Math.floor(now / SIGNING_WINDOW_MS) * SIGNING_WINDOW_MS;
/** When the tokens signed at `now` are signed again. */
export const nextResign = (now: number) => windowStart(now) + SIGNING_WINDOW_MS;

/**
 * The token's `iat` and `exp` (whole seconds): iat is the start of the current window, or when
 * the overrides were last set if later; exp is the overrides' own expiry or an hour after iat,
 * whichever comes first. Undefined when no whole second is left.
 *
 * @example tokenTimes(1_800_000 * 10 + 5_000, { setAt: [], expiresAt: 1e12 }) // { iat: 18000, exp: 21600 }
 */
export function tokenTimes(now: number, group: { setAt: readonly number[]; expiresAt: number }): { iat: number; exp: number } | undefined {
  const iat = Math.floor(Math.max(windowStart(now), ...group.setAt) / 1000);
  const exp = Math.min(Math.floor(group.expiresAt / 1000), iat + MAX_TOKEN_LIFETIME_SEC);
  return exp > iat ? { iat, exp } : undefined;
}

/**
 * One token per host pattern of the site (aud = the host, or the wildcard pattern itself).
 * Throws `TokenTooLongError` when a token would exceed `MAX_TOKEN_LENGTH`.
 *
 * @example await signForHosts({ a: true }, ['shop.example.com'], signer, { iat, exp }) // Map { 'shop.example.com' => 'eyJ…' }
 */
export async function signForHosts(
  values: Readonly<Record<string, JsonValue>>,
  hosts: readonly string[],
  signer: Signer,
  times: { iat: number; exp: number },
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const aud of signingScopes(hosts)) {
    const token = await signOverrides(values, { alg: signer.alg, key: signer.key, kid: signer.kid, sub: signer.sub, aud, ...times });
    if (token.length > MAX_TOKEN_LENGTH) {
      throw new TokenTooLongError(`signed, these overrides take ${token.length} characters for ${aud}; a header carries at most ${MAX_TOKEN_LENGTH}. Clear some overrides or use shorter values`);
    }
    tokens.set(aud, token);
  }
  return tokens;
}
