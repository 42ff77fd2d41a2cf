/**
 * The width and height of a base64 PNG, read from its IHDR chunk (bytes 16–23), without decoding
 * the image: the background has no DOM to load it into.
 *
 * @example pngSize(dataUrl.slice(dataUrl.indexOf(',') + 1)) // { width: 1280, height: 720 }
 */
export function pngSize(base64: string): { width: number; height: number } | undefined {
  let head: string;
  try {
    // 32 base64 characters are 24 bytes: the signature, the IHDR length and type, width, height.
    head = atob(base64.slice(0, 32));
  } catch {
    return undefined;
  }
  if (head.length < 24 || !head.startsWith('\x89PNG\r\n\x1a\n') || head.slice(12, 16) !== 'IHDR') return undefined;
  const u32 = (at: number) => ((head.charCodeAt(at) << 24) | (head.charCodeAt(at + 1) << 16) | (head.charCodeAt(at + 2) << 8) | head.charCodeAt(at + 3)) >>> 0;
  return { width: u32(16), height: u32(20) };
}
