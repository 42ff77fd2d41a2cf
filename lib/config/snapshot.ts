import { deepDict } from '../dict';
import { STORED } from '../storage/keys';

/**
 * The configuration as the background last read it, kept in `storage.session` beside the text
 * of the stored documents it was read from. Reading the configuration means migrating it and
 * validating it with the schemas of every provider, tracker and transport, which are built on
 * first use (lib/lazy-schema.ts `deferred`): on a stopped worker's wake that building was most
 * of what evaluating background.js cost (bench/README.md section 10). A wake that finds the
 * same documents uses what was read from them instead, and builds no schema.
 *
 * Only what this extension read and validated from exactly these documents is used: their text
 * (and the snapshot's format) must be the same to the character, and the browser empties
 * `storage.session` when Flagtab is updated, reloaded or the browser restarts. Pages and content
 * scripts cannot reach it (lib/secrets/access.ts restricts the area to Flagtab's own contexts).
 */
export const CONFIG_SNAPSHOT_KEY = STORED.configSnapshot.key;

/** Bump when what a read returns changes shape for the same documents. */
const FORMAT = 'config-snapshot/1';

/**
 * Past this many characters of stored text (a pasted flags file of several hundred KB), keeping a
 * copy, reading it back and comparing it cost more than validating the documents: no snapshot.
 */
export const SNAPSHOT_MAX_CHARS = 256 * 1024;

/** The part of `storage.session` a snapshot uses. */
export interface SnapshotArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

interface Kept<T> {
  /** The documents it was read from, as JSON text: compared whole (no hash: a wake cannot wait for crypto.subtle's thread). */
  source: string;
  read: T;
}

/** The documents' text, or undefined when they are too large to be worth a snapshot. */
function sourceOf(documents: readonly unknown[]): string | undefined {
  const text = JSON.stringify([FORMAT, ...documents.map((d) => d ?? null)]);
  return text.length > SNAPSHOT_MAX_CHARS ? undefined : text;
}

function isKept(value: unknown): value is Kept<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Kept<unknown>).source === 'string' && 'read' in value;
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
      const source = sourceOf(docs);
      if (source === undefined) return read(docs);
      const kept = stored[CONFIG_SNAPSHOT_KEY];
      // Null-prototype records at every level, as the schemas give them (lib/dict.ts).
      if (isKept(kept) && kept.source === source) return deepDict(kept.read) as T;
      const result = read(docs);
      if (keep(result)) {
        // Not waited for: the reader has its result; the next wake finds the snapshot or reads again.
        void area.set({ [CONFIG_SNAPSHOT_KEY]: { source, read: result } satisfies Kept<T> }).catch((error: unknown) => {
          // Only the next wake's speed depends on it: that wake reads and validates again.
          console.warn('Flagtab: could not keep the configuration for the next wake', error);
        });
      }
      return result;
    },
  };
}
