import { deepDict } from '../dict';
import { STORED } from '../storage/keys';

/**
 * The configuration as the background last read it, kept in `storage.session` beside a digest
 * of the stored documents it was read from. Reading the configuration means migrating it and
 * validating it with the schemas of every provider, tracker and transport, which are built on
 * first use (lib/lazy-schema.ts `deferred`): on a stopped worker's wake that building was most
 * of what evaluating background.js cost (bench/README.md section 10). A wake that finds the
 * same documents uses what was read from them instead, and builds no schema.
 *
 * Only what this extension read and validated from exactly these documents is used: the digest
 * covers the documents' text and the snapshot's format, and the browser empties
 * `storage.session` when Flagtab is updated, reloaded or the browser restarts. Pages and content
 * scripts cannot reach it (lib/secrets/access.ts restricts the area to Flagtab's own contexts).
 */
export const CONFIG_SNAPSHOT_KEY = STORED.configSnapshot.key;

/** Bump when what a read returns changes shape for the same documents. */
const FORMAT = 'config-snapshot/1';

/**
 * Past this many characters of stored text (a pasted flags file of several hundred KB), hashing
 * the documents and reading the snapshot back cost more than validating them: no snapshot.
 */
export const SNAPSHOT_MAX_CHARS = 256 * 1024;

/** The part of `storage.session` a snapshot uses. */
export interface SnapshotArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

interface Kept<T> {
  digest: string;
  read: T;
}

/** The documents' digest, or undefined when they are too large to be worth a snapshot. */
async function digestOf(documents: readonly unknown[]): Promise<string | undefined> {
  const text = JSON.stringify([FORMAT, ...documents.map((d) => d ?? null)]);
  if (text.length > SNAPSHOT_MAX_CHARS) return undefined;
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isKept(value: unknown): value is Kept<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Kept<unknown>).digest === 'string' && 'read' in value;
}

/**
 * Gives `read(documents)`, or what it returned for the same documents before.
 * `keep(result)` says whether a result may be kept (a failed read is not: it is read again).
 */
export function createConfigSnapshot<T>(area: SnapshotArea, keep: (result: T) => boolean) {
  return {
    async readThrough(documents: () => Promise<readonly unknown[]>, read: (documents: readonly unknown[]) => T): Promise<T> {
      // Asked at once: the wake waits for the slower of the two reads, not their sum.
      const [docs, stored] = await Promise.all([documents(), area.get(CONFIG_SNAPSHOT_KEY).catch(() => ({}) as Record<string, unknown>)]);
      const digest = await digestOf(docs);
      if (digest === undefined) return read(docs);
      const kept = stored[CONFIG_SNAPSHOT_KEY];
      // Null-prototype records at every level, as the schemas give them (lib/dict.ts).
      if (isKept(kept) && kept.digest === digest) return deepDict(kept.read) as T;
      const result = read(docs);
      if (keep(result)) {
        // Not waited for: the reader has its result; the next wake finds the snapshot or reads again.
        void area.set({ [CONFIG_SNAPSHOT_KEY]: { digest, read: result } satisfies Kept<T> }).catch((error: unknown) => {
          // Only the next wake's speed depends on it: that wake reads and validates again.
          console.warn('Flagtab: could not keep the configuration for the next wake', error);
        });
      }
      return result;
    },
  };
}
