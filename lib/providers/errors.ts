/**
 * What went wrong talking to a provider, in kinds a person can act on. The "Test connection"
 * diagnosis and the popup's error line are both built from these.
 */
export type ProviderErrorKind =
  | 'token-missing' // none stored for this site and address
  | 'token-rejected' // 401: the token is wrong, expired or revoked
  | 'no-permission' // 403: the token is valid but lacks read access
  | 'not-found' // 404: the project or environment does not exist (or the token cannot see it)
  | 'rate-limited' // 429 after every retry
  | 'timeout'
  | 'host-not-permitted' // Flagtab has no host access to the provider's origin
  | 'unreachable' // DNS, refused connection, offline, CORS
  | 'wrong-origin' // a pagination link pointed elsewhere: the token must not follow it
  | 'server-error' // 5xx after every retry
  | 'bad-response'; // not JSON, or not the shape the API documents

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
