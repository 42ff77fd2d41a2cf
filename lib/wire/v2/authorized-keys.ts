/**
 * The server's list of who may override what, in one of two forms:
 *
 * - lines, like SSH's authorized_keys: `ed25519 <x> <kid> [flags=a,b-*] [max-lifetime=1h]`, where
 *   `<x>` is the Ed25519 public key (32 bytes, unpadded base64url: a JWK's "x") and `<kid>` the key
 *   id the extension puts in its tokens; `hs256 <k> <kid> …` for a shared team secret. `#` starts a
 *   comment line.
 * - a JWK set, `{"keys": [{ "kty": "OKP", "crv": "Ed25519", "x": "…", "kid": "…",
 *   "flagtab": { "flags": ["checkout-*"], "maxLifetimeSec": 3600 } }]}`.
 */
import { KeyConfigError, type KeyEntry } from './keys';

const DURATION = /^(\d+)(s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses authorized keys (lines or a JWK set) into entries for `importKeys`. Throws
 * `KeyConfigError` naming the line that is wrong.
 *
 * @example
 * parseAuthorizedKeys('ed25519 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo alice flags=checkout-* max-lifetime=2h');
 * // [{ kid: 'alice', jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qY…' }, flags: ['checkout-*'], maxLifetimeSec: 7200 }]
 */
export function parseAuthorizedKeys(text: string): KeyEntry[] {
  if (typeof text !== 'string') throw new KeyConfigError('authorized keys must be text: lines or a JWK set');
  return text.trimStart().startsWith('{') ? fromJwkSet(text) : fromLines(text);
}

/**
 * The one-line form of a key, as the extension shows it for copying into the server's file.
 *
 * @example
 * formatAuthorizedKey({ kid: 'alice', jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qY…' }, flags: ['checkout-*'] });
 * // 'ed25519 11qY… alice flags=checkout-*'
 */
export function formatAuthorizedKey(entry: KeyEntry): string {
  const { jwk } = entry;
  const kind = jwk.kty === 'oct' ? `hs256 ${jwk.k ?? ''}` : `ed25519 ${jwk.x ?? ''}`;
  const options = [
    ...(entry.flags ? [`flags=${entry.flags.join(',')}`] : []),
    ...(entry.maxLifetimeSec !== undefined ? [`max-lifetime=${entry.maxLifetimeSec}s`] : []),
  ];
  return [kind, entry.kid, ...options].join(' ');
}

function fromLines(text: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = `authorized keys line ${index + 1}`;
    const [type, material, kid, ...options] = line.split(/\s+/);
    if (material === undefined || kid === undefined) {
      throw new KeyConfigError(`${at}: expected "ed25519 <public key> <key id> [flags=…] [max-lifetime=…]"`);
    }
    const jwk: JsonWebKey =
      type === 'ed25519' ? { kty: 'OKP', crv: 'Ed25519', x: material }
      : type === 'hs256' ? { kty: 'oct', k: material }
      : (() => { throw new KeyConfigError(`${at}: key type ${JSON.stringify(type)} is not "ed25519" or "hs256"`); })();
    const entry: KeyEntry = { kid, jwk };
    for (const option of options) {
      const eq = option.indexOf('=');
      const name = option.slice(0, eq);
      const value = option.slice(eq + 1);
      if (eq > 0 && name === 'flags') entry.flags = value === '' ? [] : value.split(',');
      else if (eq > 0 && name === 'max-lifetime') entry.maxLifetimeSec = duration(value, at);
      else throw new KeyConfigError(`${at}: unknown option ${JSON.stringify(option)}; use flags=a,b-* or max-lifetime=1h`);
    }
    entries.push(entry);
  }
  return entries;
}

function fromJwkSet(text: string): KeyEntry[] {
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch (error) {
    throw new KeyConfigError('authorized keys: the JWK set is not JSON', { cause: error });
  }
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new KeyConfigError('authorized keys: a JWK set is {"keys": [ … ]}');
  return keys.map((jwk: unknown, i) => {
    if (jwk === null || typeof jwk !== 'object') throw new KeyConfigError(`authorized keys: keys[${i}] is not a JWK object`);
    const { kid, flagtab, ...rest } = jwk as JsonWebKey & { kid?: unknown; flagtab?: { flags?: unknown; maxLifetimeSec?: unknown } };
    if (typeof kid !== 'string') throw new KeyConfigError(`authorized keys: keys[${i}] has no "kid"; the extension's tokens name their key by it`);
    const entry: KeyEntry = { kid, jwk: rest };
    if (flagtab?.flags !== undefined) entry.flags = flagtab.flags as string[];
    if (flagtab?.maxLifetimeSec !== undefined) entry.maxLifetimeSec = flagtab.maxLifetimeSec as number;
    return entry;
  });
}

function duration(text: string, at: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new KeyConfigError(`${at}: max-lifetime=${text} is not a duration like 90s, 30m, 8h or 1d`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
}
