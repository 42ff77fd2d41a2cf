import type { Site } from '../config/schema';
import { requireSite } from '../config/hosts';
import type { SigningKeyInfo } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import type { Signer } from '../overrides/signing';
import type { SigningKeyStore, SigningKeyView } from '../secrets/signing-keys';
import { formatAuthorizedKey } from '../wire/v2';

/**
 * The options page's "Signed overrides": each site's signing key, shown by its public half only.
 * The key (a non-extractable CryptoKey) stays in the background's IndexedDB; tokens are made here
 * and go into session rules, never to a page or a content script.
 */
export function registerKeys(deps: {
  store: SigningKeyStore;
  sites(): Promise<Site[]>;
  /** A key came or went: the tabs' rules must sign with it, or stop. */
  keysChanged(): Promise<void>;
}) {
  const { store } = deps;

  /** Only what may be shown: for Ed25519 the public JWK and its line for the server's key list. An
   *  HS256 line would hold the secret itself, so there is none. */
  function info(view: SigningKeyView | undefined): { key: SigningKeyInfo | null } {
    if (!view) return { key: null };
    const { kind, kid, createdAt, who, publicJwk } = view;
    const key: SigningKeyInfo = { kind, kid, createdAt, ...(who ? { who } : {}) };
    if (publicJwk) {
      key.publicJwk = { ...publicJwk };
      key.line = formatAuthorizedKey({ kid, jwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x } });
    }
    return { key };
  }

  async function changed<T>(siteId: string, act: () => Promise<T>): Promise<{ key: SigningKeyInfo | null }> {
    requireSite(await deps.sites(), siteId);
    await act();
    await deps.keysChanged();
    return info(await store.get(siteId));
  }

  const handlers: Pick<Handlers, 'keys/get' | 'keys/generate' | 'keys/import-secret' | 'keys/revoke'> = {
    'keys/get': async ({ siteId }) => info(await store.get(siteId)),
    'keys/generate': ({ siteId, who }) => changed(siteId, () => store.generate(siteId, who)),
    'keys/import-secret': ({ siteId, secret, who }) => changed(siteId, () => store.importSecret(siteId, secret, who)),
    'keys/revoke': ({ siteId }) => changed(siteId, () => store.revoke(siteId)),
  };

  /** The engine's signer: the site's key, or undefined when it has none. */
  async function signer(siteId: string): Promise<Signer | undefined> {
    const record = await store.signingKey(siteId);
    if (!record) return undefined;
    return { alg: record.kind === 'ed25519' ? 'EdDSA' : 'HS256', key: record.key, kid: record.kid, sub: record.who || `key ${record.kid}` };
  }

  return { handlers, signer };
}
