import { TrackerError } from '../signoff/tracker';

/**
 * The byte-level pieces every tracker needs alike: the screenshot's PNG bytes from the base64
 * a sign-off keeps, and HTTP Basic credentials.
 */

/** The screenshot's PNG bytes; a damaged one is refused with what to do. */
export function screenshotBytes(base64: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(base64.replace(/\s+/g, ''));
  } catch (error) {
    throw new TrackerError('invalid', 'The screenshot of this sign-off is damaged (it is not base64); drop the screenshot and send again.', undefined, { cause: error });
  }
  // An index loop: Uint8Array.from with a callback is ~20× slower on a 300 KB screenshot (bench/).
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * An Authorization header for HTTP Basic. Base64 of the UTF-8 bytes, so a token or e-mail with
 * any character survives (btoa alone refuses anything beyond Latin-1).
 *
 * @example basicAuth('', pat) // Azure DevOps: an empty user name and the PAT
 */
export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
