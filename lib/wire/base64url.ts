/**
 * The cookie transport: the payload as unpadded base64url (RFC 4648 §5). Written by hand rather
 * than with btoa/atob so decoding can be strict (atob skips whitespace and accepts padding) and
 * report what is wrong instead of throwing.
 */
import { decodeOverrides, encodeOverrides, MAX_DECODE_LENGTH, type DecodeResult, type Overrides } from './payload';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET = new Map([...ALPHABET].map((char, i) => [char, i]));

/**
 * Encodes bytes as base64url without padding.
 *
 * @example
 * encodeBase64Url(new TextEncoder().encode('a=1')); // 'YT0x'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.subarray(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    const chars = Math.min(bytes.length - i, 3) + 1; // 1 byte → 2 chars, 2 → 3, 3 → 4
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/**
 * Decodes unpadded base64url. Refuses padding, other alphabets, impossible lengths and
 * non-zero leftover bits, so each byte string has exactly one accepted text.
 *
 * @example
 * decodeBase64Url('YT0x'); // { ok: true, bytes: Uint8Array [97, 61, 49] }
 * decodeBase64Url('YT0x='); // { ok: false, error: 'character 5 is "="; ...' }
 */
export function decodeBase64Url(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (SEXTET.has(char)) continue;
    const hint =
      char === '=' ? 'v1 sends no "=" padding'
      : char === '+' || char === '/' ? 'that is standard base64; v1 uses "-" and "_" instead'
      : 'base64url uses only A-Z a-z 0-9 - _';
    return { ok: false, error: `character ${i + 1} is ${JSON.stringify(char)}; ${hint}` };
  }
  if (text.length % 4 === 1) return { ok: false, error: `is ${text.length} characters long, which no base64url text can be` };

  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let out = 0;
  for (const char of text) {
    bits = ((bits << 6) | (SEXTET.get(char) ?? 0)) & 0xfff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[out++] = (bits >> count) & 0xff;
    }
  }
  if ((bits & ((1 << count) - 1)) !== 0) {
    return { ok: false, error: 'ends in non-zero padding bits, so it was not made by a base64url encoder' };
  }
  return { ok: true, bytes };
}

/**
 * The cookie value for overrides: base64url of the payload. Base64url because some server
 * frameworks percent-decode cookie values on their own, which would corrupt the payload's
 * escapes; base64url has nothing to decode and every character is an RFC 6265 cookie-octet.
 * Throws `WireError` like `encodeOverrides`.
 *
 * @example
 * encodeCookieValue({ 'new-checkout': true }); // 'bmV3LWNoZWNrb3V0PXRydWU'
 */
export function encodeCookieValue(values: Overrides): string {
  return encodeBase64Url(new TextEncoder().encode(encodeOverrides(values)));
}

/**
 * The `name=value` pair for a Cookie header.
 *
 * @example
 * cookiePair('flagtab', { 'new-checkout': true }); // 'flagtab=bmV3LWNoZWNrb3V0PXRydWU'
 */
export function cookiePair(name: string, values: Overrides): string {
  return `${name}=${encodeCookieValue(values)}`;
}

/**
 * Decodes a cookie value made by `encodeCookieValue`. Never throws.
 *
 * @example
 * decodeCookieValue('bmV3LWNoZWNrb3V0PXRydWU'); // { ok: true, values: { 'new-checkout': true } }
 * decodeCookieValue('bmV3%3D'); // { ok: false, error: 'not base64url: character 5 is "%"; ...' }
 */
export function decodeCookieValue(text: string): DecodeResult {
  if (typeof text !== 'string') return { ok: false, error: `expected text, got ${typeof text}` };
  if (text.length > MAX_DECODE_LENGTH) {
    return { ok: false, error: `is ${text.length} characters long; the limit is ${MAX_DECODE_LENGTH}` };
  }
  const decoded = decodeBase64Url(text);
  if (!decoded.ok) return { ok: false, error: `not base64url: ${decoded.error}` };
  // The payload is ASCII by construction, so its UTF-8 bytes are its characters; anything
  // else is an error, and no UTF-8 decoder (with its replacement characters) is needed.
  let payload = '';
  for (const [i, byte] of decoded.bytes.entries()) {
    if (byte > 0x7e || byte < 0x20) {
      return { ok: false, error: `decodes to byte 0x${byte.toString(16).padStart(2, '0')} at offset ${i}; the payload is printable ASCII` };
    }
    payload += String.fromCharCode(byte);
  }
  const result = decodeOverrides(payload);
  return result.ok ? result : { ok: false, error: `decoded payload: ${result.error}` };
}
