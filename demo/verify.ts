import type { IncomingHttpHeaders } from 'node:http';
import { importKeys, parseAuthorizedKeys, statusHeaderValue, verifyRequest, STATUS_HEADER_NAME, type KeySet, type RequestDecision } from '../lib/wire/v2';

/** What the demo shop decided about a request's signed overrides, as the request log keeps it. */
export interface SignedDecision {
  status: RequestDecision['status'];
  kid?: string;
  sub?: string;
  reason?: string;
}

/**
 * The demo shop's strict mode (wire v2): once it has authorized keys, it honours only overrides
 * signed by one of them for its host, ignores unsigned ones, and says what it decided in the
 * status header, as @flagtab/server does. Without keys (the default) it is the v1 shop it was.
 *
 * @example
 * const verifier = createVerifier();
 * await verifier.authorize('ed25519 11qY… alice');
 * const decision = await verifier.decide(req.headers, 'shop.localhost');
 */
export function createVerifier() {
  let keys: KeySet | undefined;
  return {
    /** Replaces the authorized keys (lines, like SSH's authorized_keys, or a JWK set). */
    async authorize(text: string): Promise<void> {
      keys = await importKeys(parseAuthorizedKeys(text));
    },
    /** undefined when the shop does not verify; else the decision (never throws). */
    async decide(headers: IncomingHttpHeaders, host: string): Promise<RequestDecision | undefined> {
      return keys ? verifyRequest(headers, { keys, audience: host }) : undefined;
    },
  };
}

/** The status header for a decision, when there is one to send. */
export function statusHeaders(decision: RequestDecision | undefined): Record<string, string> {
  const value = decision && statusHeaderValue(decision);
  return value ? { [STATUS_HEADER_NAME]: value } : {};
}

/** The decision without its values, for the request log. */
export function summarise(decision: RequestDecision): SignedDecision {
  return {
    status: decision.status,
    ...('kid' in decision && decision.kid !== undefined ? { kid: decision.kid } : {}),
    ...(decision.status === 'accepted' ? { sub: decision.sub } : {}),
    ...(decision.status === 'rejected' ? { reason: decision.reason } : {}),
  };
}
