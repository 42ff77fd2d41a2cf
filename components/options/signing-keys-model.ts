import { signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { SigningKeyInfo } from '../../lib/messaging/protocol';
import { messageOf } from './model-helpers';

/** One site's "Signed overrides" section: its key as the background shows it, and the drafts. */
export interface SiteKeyState {
  /** undefined while loading; null when the site has no key. */
  key: SigningKeyInfo | null | undefined;
  /** The tester's name or e-mail, typed for the next key (the tokens' `sub`). */
  who: string;
  /** A team secret being pasted; sent once, never kept after. */
  secret: string;
  busy: boolean;
  error?: string;
  notice?: string;
}

const blank = (): SiteKeyState => ({ key: undefined, who: '', secret: '', busy: false });

/**
 * Signing keys per site, through the background (which alone holds them). A Map keyed by site
 * id, replaced on every change so views re-render.
 *
 * @example
 * const signing = createSigningKeysModel({ client, copy: (t) => navigator.clipboard.writeText(t) });
 * await signing.load('shop'); await signing.generate('shop');
 */
export function createSigningKeysModel(deps: { client: Pick<BackgroundClient, 'request'>; copy?(text: string): Promise<void> }) {
  const sites = signal<ReadonlyMap<string, SiteKeyState>>(new Map());

  const stateOf = (siteId: string): SiteKeyState => sites.value.get(siteId) ?? blank();
  function patch(siteId: string, change: Partial<SiteKeyState>): void {
    const next = new Map(sites.value);
    next.set(siteId, { ...stateOf(siteId), ...change });
    sites.value = next;
  }

  async function act(siteId: string, run: () => Promise<{ key: SigningKeyInfo | null }>, done: (key: SigningKeyInfo | null) => string): Promise<void> {
    patch(siteId, { busy: true, error: undefined, notice: undefined });
    try {
      const { key } = await run();
      patch(siteId, { key, busy: false, secret: '', notice: done(key) });
    } catch (error) {
      patch(siteId, { busy: false, error: messageOf(error) });
    }
  }

  return {
    sites,
    stateOf,
    setWho: (siteId: string, who: string) => patch(siteId, { who }),
    setSecret: (siteId: string, secret: string) => patch(siteId, { secret }),

    async load(siteId: string): Promise<void> {
      try {
        const { key } = await deps.client.request('keys/get', { siteId });
        patch(siteId, { key, who: stateOf(siteId).who || key?.who || '' });
      } catch (error) {
        patch(siteId, { key: null, error: `Could not read this site's signing key: ${messageOf(error)}` });
      }
    },

    /** A new Ed25519 key; with one already there, this is "Rotate key": the old one stops signing. */
    generate(siteId: string): Promise<void> {
      const { who, key } = stateOf(siteId);
      const rotating = Boolean(key);
      return act(siteId, () => deps.client.request('keys/generate', { siteId, who: who || key?.who || '' }),
        () => (rotating
          ? 'New key made. The old key signs nothing from now on: replace its line on the server with the new one.'
          : 'Key made. Copy its line into the server\'s authorized keys; until then the server ignores these overrides.'));
    },

    importSecret(siteId: string): Promise<void> {
      const { who, secret } = stateOf(siteId);
      return act(siteId, () => deps.client.request('keys/import-secret', { siteId, secret, who }),
        () => 'Team secret saved. Flagtab cannot show it again: each tester pastes it into their own Flagtab.');
    },

    revoke(siteId: string): Promise<void> {
      return act(siteId, () => deps.client.request('keys/revoke', { siteId }),
        () => 'Key removed from this profile. Overrides for this site now go without the signed header; remove its line from the server too.');
    },

    async copyLine(siteId: string): Promise<void> {
      const line = stateOf(siteId).key?.line;
      if (!line || !deps.copy) return;
      try {
        await deps.copy(line);
        patch(siteId, { notice: 'Line copied.', error: undefined });
      } catch (error) {
        patch(siteId, { error: `Could not copy (${messageOf(error)}): select the line and copy it yourself.` });
      }
    },
  };
}

export type SigningKeysModel = ReturnType<typeof createSigningKeysModel>;
