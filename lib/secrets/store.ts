import { z } from 'zod';

/**
 * Tokens, per site and per use ("catalogue" now; trackers later). They live in storage.local
 * under their own key — never in storage.sync, never in the site configuration — so exporting
 * or syncing a configuration cannot carry them by accident. Only the background reads them,
 * to put them on requests to their provider's origin.
 */
export const SECRETS_KEY = 'secrets.v1';

export type SecretSlot = 'catalogue';

const SecretsSchema = z.record(z.string(), z.record(z.string(), z.string()));
export type Secrets = z.infer<typeof SecretsSchema>;

export interface SecretsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export function createSecretsStore(local: SecretsArea) {
  async function all(): Promise<Secrets> {
    const parsed = SecretsSchema.safeParse((await local.get(SECRETS_KEY))[SECRETS_KEY]);
    return parsed.success ? parsed.data : {};
  }

  return {
    all,
    async get(siteId: string, slot: SecretSlot): Promise<string | undefined> {
      return (await all())[siteId]?.[slot];
    },
    /** Stores a token; an empty or undefined one removes it. */
    async set(siteId: string, slot: SecretSlot, token: string | undefined): Promise<void> {
      const secrets = await all();
      const site = { ...secrets[siteId] };
      const trimmed = token?.trim();
      if (trimmed) site[slot] = trimmed;
      else delete site[slot];
      if (Object.keys(site).length) secrets[siteId] = site;
      else delete secrets[siteId];
      await local.set({ [SECRETS_KEY]: secrets });
    },
    /** Forgets every token of a site (when the site is removed). */
    async forgetSite(siteId: string): Promise<void> {
      const secrets = await all();
      delete secrets[siteId];
      await local.set({ [SECRETS_KEY]: secrets });
    },
    /** Replaces tokens for the given sites (an import that carried them). */
    async merge(incoming: Secrets): Promise<void> {
      await local.set({ [SECRETS_KEY]: { ...(await all()), ...incoming } });
    },
  };
}

export type SecretsStore = ReturnType<typeof createSecretsStore>;
