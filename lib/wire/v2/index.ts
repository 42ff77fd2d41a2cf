/**
 * Wire format v2: overrides signed by the tester, verified by the server. Pure TypeScript on Web
 * Crypto (`crypto.subtle`), no browser or Node APIs, so the extension, packages/server and any
 * JavaScript runtime share it. The spec is docs/wire-format-v2.md.
 */
export { formatAuthorizedKey, parseAuthorizedKeys } from './authorized-keys';
export { flagAllowed, importKeys, KeyConfigError, KID_PATTERN, type KeyEntry, type KeyPolicy, type KeySet, type TrustedKey } from './keys';
export { statusHeaderValue, verifyRequest, type RequestDecision, type RequestRejectReason, type RequestVerifyOptions } from './request';
export { signOverrides, type SignOptions } from './sign';
export {
  DEFAULT_CLOCK_SKEW_SEC,
  DEFAULT_MAX_LIFETIME_SEC,
  ECHO_HEADER_NAME,
  MAX_TOKEN_DECODE_LENGTH,
  MAX_TOKEN_LENGTH,
  REJECT_REASONS,
  SIGNING_ALGORITHMS,
  STATUS_HEADER_NAME,
  TOKEN_TYPE,
  V2_COOKIE_NAME,
  V2_HEADER_NAME,
  VALUES_CLAIM,
  type RejectReason,
  type SigningAlgorithm,
  type TokenClaims,
  type TokenHeader,
  type VerifyResult,
} from './token';
export { verifyOverrides, type VerifyOptions } from './verify';
