import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import { dict, own, toDict } from '../dict';
import { STORED } from '../storage/keys';
import { deferred } from '../lazy-schema';

/**
 * Tokens, per site and per use (the catalogue's, the sign-off tracker's). They live in
 * storage.local under their own key — never in storage.sync, never in the site configuration — so exporting
 * or syncing a configuration cannot carry them by accident. Only the background reads them,
 * to put them on requests to their provider's origin.
 *
 * Each token is bound to the origin it was saved for (kept beside it as "<slot>@origin"). If
 * the site's provider address later changes — an imported file, an edited configuration, the
 * options form — the token is not sent to the new address until the person confirms both
 * addresses in the site's form (components/options/token-move.ts).
 */
export const SECRETS_KEY = STORED.secrets.key;

/** One token per use: the flag catalogue's, and the issue tracker's for sign-offs. */
export const SECRET_SLOTS = ['catalogue', 'tracker'] as const;
/**
 * A transport's secret (the Vercel cookie's FLAGS_SECRET): `transport:<id>`. It is bound to the
 * site's hosts (`hostsBinding`), since it travels only to them: if the hosts change (an imported
 * file), it is not used until the person saves the site with it again.
 */
export type TransportSecretSlot = `transport:${string}`;
export type SecretSlot = (typeof SECRET_SLOTS)[number] | TransportSecretSlot;

export const transportSecretSlot = (transportId: string): TransportSecretSlot => `transport:${transportId}`;

/** What a transport secret is bound to: the site's hosts, in one order. */
export const hostsBinding = (hosts: readonly string[]) => `hosts:${[...hosts].map((h) => h.toLowerCase()).sort().join(',')}`;

const SecretsSchema = deferred(() => DictSchema(DictSchema(z.string())));
export type Secrets = z.infer<typeof SecretsSchema>;

export interface SecretsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** What the background may use: the token, or why not. */
export type TokenLookup = { token: string } | { savedFor: string } | undefined;

const originKey = (slot: SecretSlot) => `${slot}@origin`;

export function createSecretsStore(local: SecretsArea) {
  async function all(): Promise<Secrets> {
    const parsed = SecretsSchema.safeParse((await local.get(SECRETS_KEY))[SECRETS_KEY]);
    return parsed.success ? parsed.data : dict();
  }

  async function update(siteId: string, change: (site: Record<string, string>) => void): Promise<void> {
    const secrets = await all();
    const site = toDict(own(secrets, siteId));
    change(site);
    if (Object.keys(site).length) secrets[siteId] = site;
    else delete secrets[siteId];
    await local.set({ [SECRETS_KEY]: secrets });
  }

  return {
    all,
    /** The stored token whatever its origin: for the options page's "a token is stored (…1234)". */
    async get(siteId: string, slot: SecretSlot): Promise<string | undefined> {
      return own(own(await all(), siteId), slot);
    },
    /** The origin a stored token was saved for (undefined: none stored, or bound to none), for the options page. */
    async savedFor(siteId: string, slot: SecretSlot): Promise<string | undefined> {
      const site = (await all())[siteId];
      return site?.[slot] ? site[originKey(slot)] : undefined;
    },
    /** The token for a request to `origin`, only if it was saved for that origin. */
    async tokenFor(siteId: string, slot: SecretSlot, origin: string): Promise<TokenLookup> {
      const site = own(await all(), siteId);
      const token = site?.[slot];
      if (!token) return undefined;
      const savedFor = site[originKey(slot)];
      return savedFor === origin ? { token } : { savedFor: savedFor ?? 'an unknown address' };
    },
    /** Stores a token for `origin`; an empty or undefined one removes it. */
    async set(siteId: string, slot: SecretSlot, token: string | undefined, origin?: string): Promise<void> {
      await update(siteId, (site) => {
        const trimmed = token?.trim();
        if (trimmed && origin) {
          site[slot] = trimmed;
          site[originKey(slot)] = origin;
        } else {
          delete site[slot];
          delete site[originKey(slot)];
        }
      });
    },
    /**
     * The token now belongs to `origin`: the person re-saved the site with its token kept, and
     * confirmed the new address when it was another (components/options/token-move.ts).
     */
    async bind(siteId: string, slot: SecretSlot, origin: string): Promise<void> {
      await update(siteId, (site) => {
        if (site[slot]) site[originKey(slot)] = origin;
      });
    },
    /** Forgets every token of a site (when the site is removed). */
    async forgetSite(siteId: string): Promise<void> {
      const secrets = await all();
      delete secrets[siteId];
      await local.set({ [SECRETS_KEY]: secrets });
    },
    /**
     * Adds tokens (an imported file, an undone removal). Tokens that arrive without their
     * origin are bound to `originOf(siteId, slot)`: the address that slot of the site they
     * came with uses (its catalogue's, its tracker's). One with no such address stays
     * unbound, so it is sent nowhere until the person saves the site.
     *
     * @example await secrets.merge(file.secrets, (id, slot) => (slot === 'catalogue' ? catalogueOf(id) : trackerOf(id)))
     */
    async merge(incoming: Secrets, originOf: (siteId: string, slot: SecretSlot) => string | undefined = () => undefined): Promise<void> {
      const secrets = await all();
      for (const [siteId, tokens] of Object.entries(incoming)) {
        const site = toDict(tokens);
        for (const slot of SECRET_SLOTS) {
          const origin = site[slot] && !site[originKey(slot)] ? originOf(siteId, slot) : undefined;
          if (origin) site[originKey(slot)] = origin;
        }
        secrets[siteId] = site;
      }
      await local.set({ [SECRETS_KEY]: secrets });
    },
  };
}

export type SecretsStore = ReturnType<typeof createSecretsStore>;
