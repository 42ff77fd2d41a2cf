import { decodeOverrides } from '../wire';
import type { JsonValue } from '../json';
import { dict } from '../dict';
import { LIMITS } from './observation';

/** The webRequest details the echo reader needs (Chrome and Firefox both give these). */
export interface ResponseDetails {
  url: string;
  method: string;
  timeStamp: number;
  responseHeaders?: { name: string; value?: string }[];
}

export type EchoResult = { values: Record<string, JsonValue>; detail: string } | { error: string };

/**
 * Reads the app's echo header (the flags a response used, in the wire format) from a
 * response; undefined when the response does not carry it. The header is untrusted text: it
 * goes through the wire decoder's size limit and validation, and oversized keys or values are
 * dropped with a note rather than stored.
 *
 * @example
 * readEcho({ url: 'https://shop.example.com/api', method: 'GET', timeStamp: 0,
 *   responseHeaders: [{ name: 'X-Feature-Flags-Applied', value: 'new-checkout=true' }] }, 'x-feature-flags-applied');
 * // { values: { 'new-checkout': true }, detail: 'GET /api' }
 */
export function readEcho(details: ResponseDetails, headerName: string): EchoResult | undefined {
  const wanted = headerName.toLowerCase();
  const texts = (details.responseHeaders ?? []).filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value ?? '');
  if (texts.length === 0) return undefined;
  const where = describeRequest(details);
  const decoded = decodeOverrides(texts.join('&'));
  if (!decoded.ok) return { error: `The ${headerName} header on ${where} could not be read: ${decoded.error}. Send it in the wire format (docs/wire-format.md).` };
  const values = dict<JsonValue>(); // keys are the server's: see lib/dict.ts
  let skipped = 0;
  for (const [key, value] of Object.entries(decoded.values)) {
    if (key.length > LIMITS.keyLength || JSON.stringify(value).length > LIMITS.valueJsonLength) skipped++;
    else values[key] = value;
  }
  if (skipped > 0 && Object.keys(values).length === 0) {
    return { error: `The ${headerName} header on ${where} only had keys or values over Flagtab's size limits.` };
  }
  return { values, detail: where };
}

/** "GET /api/features", shortened for the popup. */
function describeRequest(details: ResponseDetails): string {
  let path = details.url;
  try {
    path = new URL(details.url).pathname;
  } catch {
    // keep the URL as it is
  }
  return `${details.method} ${path}`.slice(0, LIMITS.detailLength);
}
