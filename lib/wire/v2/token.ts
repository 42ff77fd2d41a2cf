/**
 * Wire format v2: the names, limits and shapes of a signed overrides token, a compact JWS
 * (RFC 7515) whose payload is a JWT claims set (RFC 7519). The spec, for verifiers in other
 * languages, is docs/wire-format-v2.md; this folder and that page change together.
 */
import type { Overrides } from '../payload';
import { MAX_DECODE_LENGTH, MAX_ENCODED_LENGTH } from '../payload';

/** v2 travels under its own names so a v1 decoder never misreads it (docs/wire-format.md#versioning). */
export const V2_HEADER_NAME = 'X-Feature-Flags-V2';
/** Cookie names are case-sensitive tokens; `_` keeps it one word for every cookie parser. */
export const V2_COOKIE_NAME = 'flagtab_v2';
/** The server kit's answer: `accepted; kid="…"; n=3` or `rejected; reason=expired`. */
export const STATUS_HEADER_NAME = 'X-Feature-Flags-Status';
/** The v1-format echo of the values a server used; the extension already reads it (lib/detect/echo.ts). */
export const ECHO_HEADER_NAME = 'X-Feature-Flags-Applied';

/** The protected header's `typ` (RFC 8725 §3.11: explicit typing, so no other JWT passes for ours). */
export const TOKEN_TYPE = 'flagtab-overrides+jwt';
/** The claim holding flag key → JSON value. */
export const VALUES_CLAIM = 'flg';

/** Longest token the extension sends: the same budget as a v1 header or cookie. */
export const MAX_TOKEN_LENGTH = MAX_ENCODED_LENGTH;
/** Longest token a verifier reads before refusing it unparsed (v1's decoding limit). */
export const MAX_TOKEN_DECODE_LENGTH = MAX_DECODE_LENGTH;

/** Tolerated clock difference between the tester's machine and the server, in seconds. */
export const DEFAULT_CLOCK_SKEW_SEC = 60;
/** Longest `exp - iat` a key may sign unless its policy says otherwise: a working day, the default override expiry. */
export const DEFAULT_MAX_LIFETIME_SEC = 8 * 3600;

export type SigningAlgorithm = 'EdDSA' | 'HS256';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'HS256'];

/** The protected header, exactly these members. */
export interface TokenHeader {
  alg: SigningAlgorithm;
  typ: typeof TOKEN_TYPE;
  kid: string;
}

/** The claims; times are NumericDate (whole seconds since 1970, UTC). */
export interface TokenClaims {
  [VALUES_CLAIM]: Overrides;
  /** The site's host, e.g. `shop.example.com` (no scheme, no port). */
  aud: string;
  /** Who signed: the tester, as the key's owner names herself. */
  sub: string;
  iat: number;
  exp: number;
}

/** Why a verifier refused a token. Stable strings: the status header and the popup carry them. */
export type RejectReason =
  | 'malformed'
  | 'unknown-key'
  | 'wrong-algorithm'
  | 'bad-signature'
  | 'wrong-audience'
  | 'not-yet-valid'
  | 'expired'
  | 'too-long'
  | 'flag-not-allowed';

export const REJECT_REASONS: readonly RejectReason[] = [
  'malformed', 'unknown-key', 'wrong-algorithm', 'bad-signature', 'wrong-audience', 'not-yet-valid', 'expired', 'too-long', 'flag-not-allowed',
];

export type VerifyResult =
  | { ok: true; values: Overrides; kid: string; sub: string; iat: number; exp: number }
  | { ok: false; reason: RejectReason; message: string; kid?: string };
