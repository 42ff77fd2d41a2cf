import type { CatalogueSource } from './sources';
import { isProviderError } from './errors';
import type { FlagProvider } from './types';

/**
 * Turns a failure into one paragraph a person can act on: what happened, in the provider's
 * own terms where the adapter knows them, and what to do next.
 */
export function explainFailure(error: unknown, provider: FlagProvider, source: CatalogueSource): string {
  if (!isProviderError(error)) return `${provider.label}: something unexpected went wrong (${error instanceof Error ? error.message : String(error)}).`;
  const specific = error.kind === 'token-rejected' || error.kind === 'no-permission' || error.kind === 'not-found'
    ? provider.explain?.(error.kind, source as never)
    : undefined;
  const advice = specific ?? GENERIC_ADVICE[error.kind](provider);
  return `${error.message} ${advice}`.trim();
}

const GENERIC_ADVICE: Record<import('./errors').ProviderErrorKind, (p: FlagProvider) => string> = {
  'token-missing': (p) => `Open Flagtab's options, edit the site and paste a token — ${p.tokenHelp}`,
  'token-rejected': (p) => `The token was rejected: it is wrong, expired or revoked. Create a new one — ${p.tokenHelp}`,
  'no-permission': () => 'The token is valid but may not read flags here: give it read access to this project and environment.',
  'not-found': () => 'Check the project and environment in the site\'s settings (and that the token can see them).',
  'rate-limited': () => 'The provider is limiting requests; Flagtab waited as it asked and gave up. Try again shortly.',
  timeout: () => 'Check the base URL and your network or VPN; the last good catalogue stays usable.',
  'host-not-permitted': () => 'Open Flagtab\'s options and save the site again to grant access to that host.',
  unreachable: () => 'Check the base URL and your network or VPN, and that Flagtab may access that host.',
  'wrong-origin': () => 'Set the base URL to the address the API itself uses.',
  'server-error': () => 'The provider is having trouble; try again later. The last good catalogue stays usable.',
  'bad-response': () => 'Check the base URL points at the provider\'s API.',
};
