/**
 * Saves text as a file through the page's own download (an object URL and a clicked
 * anchor), so no "downloads" permission is needed.
 *
 * @example downloadText(document, 'flagtab-config.json', json)
 */
export function downloadText(doc: Document, filename: string, text: string, type = 'application/json'): void {
  downloadBlob(doc, filename, new Blob([text], { type }));
}

/**
 * Saves binary data (a Blob, or bytes) as a file, the same way as downloadText.
 *
 * @example downloadBlob(document, 'flagtab-SHOP-142-so-abc.png', base64ToBytes(shot.base64), 'image/png')
 */
export function downloadBlob(doc: Document, filename: string, data: Blob | Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.style.display = 'none';
  doc.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke on a later task: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** @example base64ToBytes('iVBORw==') // Uint8Array [137, 80, 78, 71] */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
