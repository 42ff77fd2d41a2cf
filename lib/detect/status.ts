import { REJECT_REASONS, STATUS_HEADER_NAME } from '../wire/v2/token';
import type { ResponseDetails } from './echo';

/**
 * What the site's server said about the tab's signed overrides (wire v2), from its status header
 * on the page's main-frame response: `accepted; kid="alice"; n=2` or `rejected; reason=expired`.
 * The header is untrusted text: only the known words are kept, each capped.
 */
export interface ServerDecision {
  status: 'accepted' | 'rejected';
  /** The key the server says signed (accepted) or was refused. */
  kid?: string;
  /** How many overrides it applied (accepted). */
  n?: number;
  /** Why not (rejected): one of the wire's reasons, `unsigned`, or `unknown`. */
  reason?: string;
  /** When the request left (epoch ms). */
  at: number;
}

const MAX_HEADER_LENGTH = 512;
const MAX_KID_LENGTH = 128;
const REASONS = new Set<string>([...REJECT_REASONS, 'unsigned']);

/**
 * Reads the status header from a response; undefined when there is none or it is not one.
 *
 * @example readServerStatus({ url, method: 'GET', timeStamp: 0, responseHeaders: [{ name: 'X-Feature-Flags-Status', value: 'accepted; kid="k1"; n=2' }] }, 5)
 * // { status: 'accepted', kid: 'k1', n: 2, at: 5 }
 */
export function readServerStatus(details: ResponseDetails, at: number, headerName = STATUS_HEADER_NAME): ServerDecision | undefined {
  const wanted = headerName.toLowerCase();
  const text = (details.responseHeaders ?? []).find((h) => h.name.toLowerCase() === wanted)?.value?.trim();
  if (!text || text.length > MAX_HEADER_LENGTH) return undefined;
  const [head, ...params] = text.split(';').map((part) => part.trim());
  if (head !== 'accepted' && head !== 'rejected') return undefined;
  const decision: ServerDecision = { status: head, at };
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim();
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name === 'kid' && value.length > 0 && value.length <= MAX_KID_LENGTH && /^[\x21-\x7e]+$/.test(value)) decision.kid = value;
    else if (name === 'n' && /^\d{1,6}$/.test(value)) decision.n = Number(value);
    else if (name === 'reason') decision.reason = REASONS.has(value) ? value : 'unknown';
  }
  return decision;
}

const REASON_WORDS: Record<string, string> = {
  'unsigned': 'they were not signed, and this server accepts only signed overrides (turn on signing for this site and make a key)',
  'unknown-key': 'your key is not authorised on this server (add its line to the server\'s authorized keys)',
  'expired': 'the signature expired',
  'not-yet-valid': 'the signature is dated in the future (check this computer\'s clock)',
  'wrong-audience': 'they were signed for another host',
  'bad-signature': 'the signature does not match the key the server has',
  'wrong-algorithm': 'the server expects another kind of key',
  'flag-not-allowed': 'a flag is not overridable here (the key\'s policy)',
  'too-long': 'the token was too long',
  'malformed': 'the server could not read them',
};

/**
 * The decision in words, for the popup and the sign-off evidence.
 *
 * @example describeServerDecision({ status: 'rejected', reason: 'expired', at: 0 }) // 'Server ignored them: the signature expired'
 */
export function describeServerDecision(d: ServerDecision): string {
  if (d.status === 'accepted') return `Server accepted your signed overrides${d.kid ? ` (key ${d.kid})` : ''}`;
  const why = (d.reason && REASON_WORDS[d.reason]) ?? 'it gave no reason Flagtab knows';
  return `Server ignored them: ${why}${d.kid ? ` (key ${d.kid})` : ''}`;
}
