import { createVercelAccessProof, vercelSecretKey, VercelSecretError } from '../../wire/vercel-jwe';
import { isProviderError, ProviderError } from '../errors';
import type { FlagProvider } from '../types';
import { readDiscovery, SDK_VERSION_HEADER } from './read';
import { vercelMeta } from './meta';

/** The Flags SDK's discovery endpoint (createFlagsDiscoveryEndpoint, flags/next), at the app's root. */
export const DISCOVERY_PATH = '/.well-known/vercel/flags';

/**
 * An app built with Vercel's Flags SDK (`flags`), read through the discovery endpoint the
 * Vercel Toolbar reads: one GET answering every flag's definition (options, description,
 * where it is managed). The endpoint wants a proof that the caller holds FLAGS_SECRET, which
 * Flagtab makes for each request (lib/wire/vercel-jwe.ts); the secret itself never leaves the
 * browser. The endpoint says nothing of what is served, so flags carry no default or state.
 */
export const vercelProvider: FlagProvider<'vercel'> = {
  id: 'vercel',
  label: vercelMeta.label,
  tokenHelp: vercelMeta.token.help,
  tokenRequired: vercelMeta.token.required,
  listsVariants: true,
  // The proof is made per request in fetchCatalogue (WebCrypto is asynchronous); the secret
  // itself must never go on the wire, so there is no static header.
  authHeaders: () => ({}),

  async fetchCatalogue({ source, token, http }) {
    const secret = token?.trim() ?? '';
    const key = vercelSecretKey(secret);
    if (key instanceof VercelSecretError) throw new ProviderError('token-missing', `Flagtab cannot use this FLAGS_SECRET: ${key.message}`);
    const url = `${source.baseUrl}${DISCOVERY_PATH}`;
    const proof = await createVercelAccessProof(secret, { now: Date.now() });
    try {
      const response = await http.request(url, { headers: { Authorization: `Bearer ${proof}` } });
      return readDiscovery(response.body, url, response.headers.get(SDK_VERSION_HEADER));
    } catch (error) {
      // A 200 that is not JSON: most often the app's own HTML page, from a route that is not the endpoint.
      if (isProviderError(error) && error.kind === 'bad-response' && error.status !== undefined && error.status < 300) {
        throw new ProviderError('bad-response', `${error.message.replace(/ Check the base URL.*$/, '')} ${noEndpoint(source.baseUrl)}`, error.status);
      }
      throw error;
    }
  },

  explain(kind, source) {
    if (kind === 'not-found') return noEndpoint(source.baseUrl);
    const mismatch = `The FLAGS_SECRET does not match the app's: copy FLAGS_SECRET from the environment variables of the deployment at ${source.baseUrl} (production and preview may each have their own) and paste it again. If it is right, check this computer's clock: Flagtab's proof holds for an hour from now.`;
    return kind === 'token-rejected'
      ? mismatch
      : `${mismatch} A 403 can also come from something in front of the app (Vercel's Deployment Protection, a firewall): open ${source.baseUrl}${DISCOVERY_PATH} in a tab to see.`;
  },
};

function noEndpoint(baseUrl: string): string {
  return `${baseUrl} has no Flags SDK discovery endpoint at ${DISCOVERY_PATH}: check the App URL is the app's address, and that the app exports createFlagsDiscoveryEndpoint from app/.well-known/vercel/flags/route.ts (flags/next).`;
}
