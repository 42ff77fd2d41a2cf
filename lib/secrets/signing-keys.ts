import { encodeBase64Url } from '../wire';

/**
 * Each site's signing key, for signed overrides (wire format v2): an Ed25519 key of this tester's
 * own, made here, or a team's HS256 secret pasted in. The private key (or the secret) is a
 * CryptoKey made non-extractable: it signs, and nothing, not even Flagtab, can read it back.
 * Kept in the extension's IndexedDB (a CryptoKey cannot go into storage.local, which holds JSON),
 * which web pages and content scripts cannot open: content scripts run in the page's origin.
 * Only the public half is ever shown: as a JWK, and as one line for the server's key list.
 */

export type SigningKeyKind = 'ed25519' | 'hs256';

export interface SigningKeyRecord {
  siteId: string;
  kind: SigningKeyKind;
  /** The key's id on the wire (`kid`): its RFC 7638 thumbprint, so a server can find it. */
  kid: string;
  createdAt: number;
  /** Who holds the key, as she named herself: the tokens' `sub`. */
  who?: string;
  /** Signs; never extractable. */
  key: CryptoKey;
  /** Ed25519 only: the public key, to give to the server. */
  publicJwk?: PublicJwk;
}

/** What pages may be shown of a site's key: never the key itself. */
export interface SigningKeyView {
  kind: SigningKeyKind;
  kid: string;
  createdAt: number;
  who?: string;
  publicJwk?: PublicJwk;
}

/** An Ed25519 public key as a JWK (RFC 8037), with its id and use. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Where records live: IndexedDB in the extension (key-db.ts), a Map in tests. */
export interface KeyDb {
  get(siteId: string): Promise<SigningKeyRecord | undefined>;
  put(record: SigningKeyRecord): Promise<void>;
  delete(siteId: string): Promise<void>;
}

/** A team secret shorter than this is refused: HS256 wants at least the hash's 256 bits (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/**
 * A JWK's RFC 7638 thumbprint: SHA-256 of its required members in lexicographic order, without
 * spaces, base64url.
 *
 * @example await jwkThumbprint(crypto.subtle, { crv: 'Ed25519', kty: 'OKP', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' (RFC 8037 A.3)
 */
export async function jwkThumbprint(subtle: SubtleCrypto, members: Record<string, string>): Promise<string> {
  const canonical = JSON.stringify(Object.fromEntries(Object.keys(members).sort().map((k) => [k, members[k]])));
  return encodeBase64Url(new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(canonical))));
}

export function createSigningKeyStore(deps: { db: KeyDb; subtle: SubtleCrypto; now(): number }) {
  const { db, subtle } = deps;

  const thumbprint = (members: Record<string, string>) => jwkThumbprint(subtle, members);
  const view = (r: SigningKeyRecord): SigningKeyView => ({
    kind: r.kind, kid: r.kid, createdAt: r.createdAt, ...(r.who ? { who: r.who } : {}), ...(r.publicJwk ? { publicJwk: r.publicJwk } : {}),
  });
  const named = (who: string | undefined) => (who?.trim() ? { who: who.trim() } : {});

  return {
    async get(siteId: string): Promise<SigningKeyView | undefined> {
      const record = await db.get(siteId);
      return record && view(record);
    },

    /** The key that signs this site's overrides, for the background alone. */
    signingKey: (siteId: string) => db.get(siteId),

    /** A new Ed25519 key for the site, replacing any it had (rotate = generate again). `who` becomes the tokens' `sub`. */
    async generate(siteId: string, who?: string): Promise<SigningKeyView> {
      const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      // The public half of a pair is always extractable; the private half was made not to be.
      const jwk = await subtle.exportKey('jwk', pair.publicKey);
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new SigningKeyError('The browser made an Ed25519 key Flagtab cannot read: update the browser.');
      const kid = await thumbprint({ crv: 'Ed25519', kty: 'OKP', x: jwk.x });
      const record: SigningKeyRecord = { siteId, kind: 'ed25519', kid, createdAt: deps.now(), ...named(who), key: pair.privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' } };
      await db.put(record);
      return view(record);
    },

    /**
     * A team's HS256 secret, as the security lead hands it out. Kept non-extractable, so it is
     * not part of any export: each tester pastes it once.
     */
    async importSecret(siteId: string, secret: string, who?: string): Promise<SigningKeyView> {
      const bytes = new TextEncoder().encode(secret.trim());
      if (bytes.length < MIN_SECRET_BYTES) throw new SigningKeyError(`The team secret must be at least ${MIN_SECRET_BYTES} bytes long (it is ${bytes.length}): ask for the whole secret, or generate one with "openssl rand -base64 48".`);
      const key = await subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const kid = await thumbprint({ k: encodeBase64Url(bytes), kty: 'oct' });
      const record: SigningKeyRecord = { siteId, kind: 'hs256', kid, createdAt: deps.now(), ...named(who), key };
      await db.put(record);
      return view(record);
    },

    /** Forgets the site's key: its overrides go unsigned (v1) until a new one is made. */
    revoke: (siteId: string) => db.delete(siteId),
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;
