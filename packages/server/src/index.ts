/**
 * @flagtab/server: accept feature-flag overrides signed by authorised testers (Flagtab wire
 * format v2), ignore everything else. Framework adapters live at @flagtab/server/express,
 * /fastify, /hono, /next and /openfeature; this entry is the framework-free core.
 */
export { authorizedKeys, createFlagtab, type Flagtab, type FlagtabOptions } from './core';
export {
  ECHO_HEADER_NAME,
  formatAuthorizedKey,
  importKeys,
  KeyConfigError,
  parseAuthorizedKeys,
  signOverrides,
  STATUS_HEADER_NAME,
  statusHeaderValue,
  V2_COOKIE_NAME,
  V2_HEADER_NAME,
  verifyOverrides,
  verifyRequest,
  type KeyEntry,
  type KeyPolicy,
  type KeySet,
  type RejectReason,
  type RequestDecision,
  type RequestRejectReason,
  type SignOptions,
  type VerifyOptions,
  type VerifyResult,
} from '../../../lib/wire/v2';
export type { Overrides } from '../../../lib/wire/payload';
