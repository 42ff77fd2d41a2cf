/**
 * What every adapter does, framework-free: verify a request's signed overrides and say what was
 * decided in response headers. The verifying itself is lib/wire/v2 (Web Crypto only), bundled in.
 */
import { encodeOverrides } from '../../../lib/wire/payload';
import type { HeaderGetter, HeaderRecord } from '../../../lib/wire/request';
import {
  ECHO_HEADER_NAME,
  importKeys,
  parseAuthorizedKeys,
  STATUS_HEADER_NAME,
  statusHeaderValue,
  verifyRequest,
  type KeyEntry,
  type KeySet,
  type RequestDecision,
} from '../../../lib/wire/v2';

export interface FlagtabOptions {
  /**
   * Who may override: authorized-keys text (lines like `ed25519 <public key> <key id>`, or a JWK
   * set), parsed entries, or a `KeySet` from `authorizedKeys()`. `''` accepts no one's
   * overrides; `undefined` (an environment variable that is not set) throws at start-up.
   */
  keys: string | readonly KeyEntry[] | KeySet | Promise<KeySet> | undefined;
  /** The host or hosts this server answers as: a token's `aud` must be one of them. */
  hosts: string | readonly string[];
  /** Also send `X-Feature-Flags-Applied` with the accepted values (v1 format), so the extension sees them used. Default true. */
  echo?: boolean;
  /** Seconds of clock difference tolerated. Default 60. */
  clockSkewSec?: number;
  /** Request header and cookie names, if the site chose others in Flagtab. */
  headerName?: string;
  cookieName?: string;
}

export type { RequestDecision };

/**
 * Parses and imports authorized keys once, at start-up, so a typo fails the deploy, not a request.
 *
 * @example
 * const keys = await authorizedKeys(readFileSync('flagtab_authorized_keys', 'utf8'));
 */
export async function authorizedKeys(text: string): Promise<KeySet> {
  return importKeys(parseAuthorizedKeys(text));
}

/**
 * The adapters' shared core. Text keys are parsed right away (a syntax error throws here, at
 * start-up) and imported in the background; `decide` waits for them.
 */
export function createFlagtab(options: FlagtabOptions) {
  const { keys } = options;
  // An unset variable (the README passes process.env.FLAGTAB_AUTHORIZED_KEYS) would otherwise
  // start a server that refuses every override without saying why: fail the deploy instead.
  if (keys === undefined || keys === null) {
    throw new TypeError('flagtab: `keys` is not set: give the authorized keys (the text Flagtab shows under each tester\'s signing key, e.g. from FLAGTAB_AUTHORIZED_KEYS), or \'\' to accept no one\'s overrides');
  }
  if (options.hosts === undefined || options.hosts.length === 0) {
    throw new TypeError('flagtab: give `hosts`, the host names this server answers as (e.g. ["shop.example.com"]); tokens name one');
  }
  const ready: Promise<KeySet> =
    typeof keys === 'string' ? importKeys(parseAuthorizedKeys(keys))
    : Array.isArray(keys) ? importKeys(keys as readonly KeyEntry[])
    : Promise.resolve(keys as KeySet | Promise<KeySet>);
  // Reported by every `decide` call; without this handler Node would also crash on start-up.
  ready.catch(() => undefined);
  const audience = typeof options.hosts === 'string' ? [options.hosts] : [...options.hosts];
  const echo = options.echo ?? true;

  return {
    /** Verifies the request's token. Rejects only when the configured keys are broken. */
    async decide(headers: HeaderGetter | HeaderRecord): Promise<RequestDecision> {
      const set = await ready;
      return verifyRequest(headers, {
        keys: set,
        audience,
        ...(options.clockSkewSec === undefined ? {} : { clockSkewSec: options.clockSkewSec }),
        ...(options.headerName === undefined ? {} : { headerName: options.headerName }),
        ...(options.cookieName === undefined ? {} : { cookieName: options.cookieName }),
      });
    },
    /**
     * The response headers for a decision: the status, the echo of accepted values, and
     * `Cache-Control: private, no-store` when overrides were applied, so no shared cache serves a
     * tester's variant to everyone else.
     */
    responseHeaders(decision: RequestDecision): Array<[name: string, value: string]> {
      const status = statusHeaderValue(decision);
      if (status === undefined) return [];
      const headers: Array<[string, string]> = [[STATUS_HEADER_NAME, status]];
      if (decision.status === 'accepted') {
        if (echo) headers.push([ECHO_HEADER_NAME, encodeOverrides(decision.values)]);
        headers.push(['Cache-Control', 'private, no-store']);
      }
      return headers;
    },
  };
}

export type Flagtab = ReturnType<typeof createFlagtab>;
