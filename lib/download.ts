/**
 * Saves text as a file through the page's own download (an object URL and a clicked
 * anchor), so no "downloads" permission is needed.
 *
 * @example downloadText(document, 'flagtab-config.json', json)
 */
export function downloadText(doc: Document, filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
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
