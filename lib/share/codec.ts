import { decodeBase64Url, encodeBase64Url } from '../wire/base64url';
import { describeIssues } from '../schema-issues';
import { MAX_FLAGS, MAX_NAME_CHARS, MAX_PAYLOAD_CHARS, MAX_VALUE_CHARS, MAX_VALUE_DEPTH, SHARE_PARAM, type ShareLink } from './limits';
import { ShareLinkV1Schema } from './schema';

export type ShareRead =
  /** The address has no share fragment: nothing to say. */
  | { kind: 'none' }
  /** It has one Flagtab cannot use; `reason` says why, in words for the person. */
  | { kind: 'invalid'; fragment: string; reason: string }
  /** `fragment` is the text after '#', exactly: it names this link (an offer, a dismissal). */
  | { kind: 'link'; fragment: string; link: ShareLink };

const PREFIX = `${SHARE_PARAM}=`;

function depthOf(value: unknown, limit: number): number {
  if (limit < 0 || value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
}

/** Bounds the schema does not check: each value's size and nesting. */
function valueProblem(link: ShareLink): string | undefined {
  for (const [key, value] of Object.entries(link.values)) {
    if (JSON.stringify(value).length > MAX_VALUE_CHARS) return `the value of ${JSON.stringify(key)} is longer than ${MAX_VALUE_CHARS} characters`;
    if (depthOf(value, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH) return `the value of ${JSON.stringify(key)} nests deeper than ${MAX_VALUE_DEPTH} levels`;
  }
  return undefined;
}

function parse(payload: string): { ok: true; link: ShareLink } | { ok: false; reason: string } {
  if (payload.length > MAX_PAYLOAD_CHARS) return { ok: false, reason: `it is ${payload.length} characters long; the limit is ${MAX_PAYLOAD_CHARS}` };
  const bytes = decodeBase64Url(payload);
  if (!bytes.ok) return { ok: false, reason: `it is not base64url: ${bytes.error}` };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.bytes));
  } catch (error) {
    return { ok: false, reason: `it is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  // Nesting first: the schema walks values recursively, and an 8,000-character "[[[[…" is deep.
  if (depthOf(raw, MAX_VALUE_DEPTH + 3) > MAX_VALUE_DEPTH + 2) return { ok: false, reason: `its values nest deeper than ${MAX_VALUE_DEPTH} levels` };
  const version = (raw as { v?: unknown } | null)?.v;
  if (version !== 1) return { ok: false, reason: `it is version ${JSON.stringify(version ?? null)}; this Flagtab reads version 1: update Flagtab` };
  const parsed = ShareLinkV1Schema().safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `it does not hold a share link: ${describeIssues(parsed.error.issues)}` };
  const problem = valueProblem(parsed.data);
  return problem ? { ok: false, reason: problem } : { ok: true, link: parsed.data };
}

/**
 * Reads the share link in an address's fragment. Never throws: anything it cannot use (garbage,
 * oversized, another version, hostile keys) is `invalid` with the reason.
 *
 * @example readShareLink('https://shop.example.com/checkout#flagtab=eyJ2Ijox…') // { kind: 'link', link: { v: 1, site: 'shop', values: {…} }, … }
 */
export function readShareLink(url: unknown): ShareRead {
  try {
    if (typeof url !== 'string') return { kind: 'none' };
    const hash = url.indexOf('#');
    const fragment = hash < 0 ? '' : url.slice(hash + 1);
    if (!fragment.startsWith(PREFIX)) return { kind: 'none' };
    const shown = fragment.slice(0, 200);
    const result = parse(fragment.slice(PREFIX.length));
    return result.ok ? { kind: 'link', fragment, link: result.link } : { kind: 'invalid', fragment: shown, reason: `This Flagtab share link cannot be used: ${result.reason}.` };
  } catch (error) {
    // Not expected (every step above returns its errors), but a decoder of hostile input must not throw.
    return { kind: 'invalid', fragment: '', reason: `This Flagtab share link cannot be used: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

/**
 * The share link for a page: the page's address with its fragment replaced by the link's. An
 * error value when the link would break the limits a receiver checks (too many flags, a long name).
 *
 * @example shareUrl('https://shop.example.com/checkout', { v: 1, site: 'shop', values: { 'new-checkout': true } })
 * // { ok: true, url: 'https://shop.example.com/checkout#flagtab=eyJ2IjoxLC…' }
 */
export function shareUrl(pageUrl: string, link: ShareLink): { ok: true; url: string } | { ok: false; reason: string } {
  const count = Object.keys(link.values).length;
  if (count === 0) return { ok: false, reason: 'This tab has no overrides to share: set some first.' };
  if (count > MAX_FLAGS) return { ok: false, reason: `A share link carries at most ${MAX_FLAGS} flags; this tab has ${count}.` };
  if ((link.name?.length ?? 0) > MAX_NAME_CHARS) return { ok: false, reason: `Shorten the name to ${MAX_NAME_CHARS} characters.` };
  const json = JSON.stringify({ v: 1, site: link.site, ...(link.name ? { name: link.name } : {}), values: link.values });
  const url = `${pageUrl.split('#')[0]}#${PREFIX}${encodeBase64Url(new TextEncoder().encode(json))}`;
  // What the receiver would refuse, refused here first, with its reason.
  const check = readShareLink(url);
  return check.kind === 'link' ? { ok: true, url } : { ok: false, reason: check.kind === 'invalid' ? check.reason.replace('cannot be used', 'would be refused') : 'Flagtab could not make the link.' };
}
