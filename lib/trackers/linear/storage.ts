import { describeFor, trackerRequest } from '../http';
import { TrackerError } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';

/** Names the storage in messages: "Could not reach Linear's file storage at https://…". */
const STORAGE = describeFor("Linear's file storage");

/**
 * The screenshot's bytes PUT to the signed URL Linear's fileUpload gave
 * (https://linear.app/developers/how-to-upload-a-file-to-linear): with Content-Type, the
 * Cache-Control Linear's guide sends, and every header Linear listed (the signature covers
 * them). The API key is not sent: the URL is signed, and the key goes to the API only.
 * A refusal (an expired link, a signature that does not match) is 'invalid'; a storage that is
 * down, slow or unreachable is retried like any tracker.
 *
 * @example await uploadToStorage(deps, { url: file.uploadUrl, headers: file.headers, bytes, ticket: 'ENG-12' })
 */
export async function uploadToStorage(
  deps: TrackerDeps,
  upload: { url: string; headers: { key: string; value: string }[]; bytes: Uint8Array<ArrayBuffer>; ticket: string },
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=31536000' };
  for (const { key, value } of upload.headers) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === key.toLowerCase()) delete headers[name];
    headers[key] = value;
  }
  let refusal: string | undefined;
  const watched: typeof fetch = async (input, init) => {
    const response = await deps.fetch(input, init);
    if (!response.ok) {
      const code = storageSays(await response.clone().text());
      refusal = [`HTTP ${response.status}`, code].filter(Boolean).join(': ');
    }
    return response;
  };
  try {
    await trackerRequest({ ...deps, fetch: watched }, { url: upload.url, method: 'PUT', headers, body: upload.bytes, tracker: STORAGE, ticket: upload.ticket, doing: 'upload the screenshot' });
  } catch (error) {
    if (!(error instanceof TrackerError) || error.retryable) throw error;
    throw new TrackerError(
      'invalid',
      `Linear's file storage refused the screenshot for ${upload.ticket}${refusal ? ` (${refusal})` : ''}: the upload link Linear gave may have expired. Send the sign-off again; if it keeps failing, drop the screenshot and send it without.`,
      undefined,
      { cause: error },
    );
  }
}

/** Google Cloud Storage answers in XML: <Error><Code>SignatureDoesNotMatch</Code>…. */
function storageSays(body: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}
