import { z } from '../zod';
import { createSerialQueue } from '../serial';
import { DuplicatesSchema } from './duplicates';
import { GalleryImageSchema, ScreenshotSchema, StoredSignOffSchema } from './schema';
import type { GalleryImage } from './signoff';
import type { Screenshot } from './history';
import { TRACKER_IDS, type TrackerErrorKind } from './tracker';
import { STORED, storageKey } from '../storage/keys';

/**
 * What the outbox keeps in storage.local, and how it reads and writes it. The items' words live
 * in one small document under OUTBOX_KEY; each screenshot (a base64 PNG, 100 KB–2 MB) under a
 * key of its own, written once when the sign-off is saved, so the several state changes of a
 * send never rewrite it.
 */
export const OUTBOX_KEY = STORED.outbox.key;
export const outboxScreenshotKey = (id: string) => storageKey(STORED.outboxScreenshot, id);
export const outboxGalleryKey = (id: string) => storageKey(STORED.outboxGallery, id);

export const OUTBOX_STATES = ['queued', 'sending', 'posted', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Why an item is waiting: a tracker's kind, or one of the outbox's own. */
export const OUTBOX_ERROR_KINDS = [
  'token-rejected', 'forbidden', 'ticket-not-found', 'invalid', 'rate-limited', 'unavailable', 'network', 'timeout', 'needs-setup',
  /** The tracker call threw something that is not a TrackerError (a bug). */
  'unexpected',
  /** The site's tracker changed after an attempt that may have reached the old one. */
  'tracker-changed',
] as const satisfies readonly (TrackerErrorKind | 'unexpected' | 'tracker-changed')[];
export type OutboxErrorKind = (typeof OUTBOX_ERROR_KINDS)[number];
// Every tracker kind must be storable; this line stops compiling when a new one is added.
const _everyTrackerKind: Exclude<TrackerErrorKind, OutboxErrorKind> extends never ? true : never = true;
void _everyTrackerKind;

export const OutboxItemSchema = z.object({
  signOff: StoredSignOffSchema(),
  hasScreenshot: z.boolean(),
  state: z.enum(OUTBOX_STATES),
  /** Failed attempts since the item was saved, retried or edited: drives the backoff. */
  attempts: z.int().check(z.gte(0)),
  /** Epoch ms; a 'queued' item is sent at or after this time. */
  nextAttemptAt: z.number(),
  /**
   * True from the moment a post request may have left until an attempt proves no comment exists
   * (findExisting found none and the tracker then refused the post outright). While true, every
   * attempt asks findExisting first, and an edit is only applied after such a check.
   */
  mayBeOnServer: z.boolean(),
  lastError: z.optional(z.object({ kind: z.enum(OUTBOX_ERROR_KINDS), message: z.string() })),
  posted: z.optional(z.object({ url: z.string(), id: z.string(), screenshotUrl: z.optional(z.string()) })),
  /** Copies of the posted comment found and deleted (see duplicates.ts). */
  duplicates: z.optional(DuplicatesSchema),
  /** The tracker of the last attempt: another tracker cannot tell whether that one posted. */
  tracker: z.optional(z.object({ id: z.enum(TRACKER_IDS), label: z.string(), address: z.optional(z.string().check(z.maxLength(2000))) })),
  updatedAt: z.number(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/**
 * The stored document. Items are kept raw and parsed one by one, so one unreadable item (never
 * expected: it is our own data) is kept as it is and skipped instead of hiding all the others.
 */
export interface OutboxDoc {
  items: unknown[];
}

export function readDoc(raw: unknown): OutboxDoc {
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as OutboxDoc).items)) return { items: [...(raw as OutboxDoc).items] };
  return { items: [] };
}

export function parseItem(raw: unknown): OutboxItem | undefined {
  const parsed = OutboxItemSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function itemsOf(doc: OutboxDoc): OutboxItem[] {
  return doc.items.map(parseItem).filter((i): i is OutboxItem => i !== undefined);
}

/** A copy of the document with the item of the same id replaced (or appended, or removed). */
export function withItem(doc: OutboxDoc, id: string, item: OutboxItem | undefined): OutboxDoc {
  const index = doc.items.findIndex((raw) => parseItem(raw)?.signOff.id === id);
  const items = [...doc.items];
  if (index === -1) {
    if (item) items.push(item);
  } else if (item) items[index] = item;
  else items.splice(index, 1);
  return { items };
}

export interface OutboxStorage {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * The outbox's document in `storage`, read and written one change at a time, and the ids this
 * worker has a request out for (a send, or an edit's check): nothing else may touch those.
 *
 * @example const store = createOutboxStore(browser.storage.local); await store.serial(async () => store.find(await store.load(), id));
 */
export function createOutboxStore(storage: OutboxStorage) {
  /** Every read-change-write of the document runs alone, like the override engine's changes. */
  const serial = createSerialQueue();
  const inFlight = new Set<string>();

  async function load(): Promise<OutboxDoc> {
    return readDoc((await storage.get(OUTBOX_KEY))[OUTBOX_KEY]);
  }
  async function write(doc: OutboxDoc, extra: Record<string, unknown> = {}): Promise<void> {
    try {
      await storage.set({ [OUTBOX_KEY]: doc, ...extra });
    } catch (error) {
      throw new Error('Could not write the outbox to storage.local; nothing was changed', { cause: error });
    }
  }
  const find = (doc: OutboxDoc, id: string) => itemsOf(doc).find((i) => i.signOff.id === id);

  async function readScreenshot(id: string): Promise<Screenshot | undefined> {
    const parsed = ScreenshotSchema().safeParse((await storage.get(outboxScreenshotKey(id)))[outboxScreenshotKey(id)]);
    return parsed.success ? parsed.data : undefined;
  }

  /** The attached gallery's images; none when they were never stored or are unreadable (the words still go). */
  async function readGalleryImages(id: string): Promise<GalleryImage[]> {
    const parsed = z.array(GalleryImageSchema()).safeParse((await storage.get(outboxGalleryKey(id)))[outboxGalleryKey(id)]);
    return parsed.success ? parsed.data : [];
  }

  return {
    storage, serial, inFlight, load, write, find, readScreenshot, readGalleryImages,
    removeScreenshot: (id: string) => storage.remove(outboxScreenshotKey(id)),
    /** Everything stored beside the item's words: for an item that leaves the outbox. */
    removeImages: (id: string) => storage.remove([outboxScreenshotKey(id), outboxGalleryKey(id)]),
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
