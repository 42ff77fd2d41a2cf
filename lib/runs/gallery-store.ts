import { z } from '../zod';
import { JsonValueSchema } from '../json';
import { DictSchema } from '../dict-schema';
import { STORED, storageKey } from '../storage/keys';
import { RUN_STATUSES, StepResultSchema } from './state';

/**
 * The gallery: runs' steps and their captures, in `storage.local` (unlimitedStorage): a
 * capture is a few hundred kB, too big for `storage.session`'s 10 MB, and the gallery should
 * still be there after the browser restarts. The latest runs are kept; older ones go with
 * their images.
 */
const GALLERY_KEY = STORED.gallery.key;
export const KEPT_RUNS = 20;

export const GalleryRunSchema = z.object({
  id: z.string().check(z.minLength(1)),
  label: z.string(),
  siteName: z.string(),
  /** The tab the run drove: "Sign off with this gallery" signs that tab off. Absent in runs saved before it was kept. */
  tabId: z.optional(z.number().check(z.int(), z.nonnegative())),
  url: z.optional(z.string()),
  startedAt: z.number(),
  status: z.enum(RUN_STATUSES),
  steps: z.array(DictSchema(JsonValueSchema)),
  results: z.array(StepResultSchema),
});
export type GalleryRun = z.infer<typeof GalleryRunSchema>;

interface LocalArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const imageKey = (runId: string, index: number) => storageKey(STORED.galleryImage, `${runId}:${index}`);

export function createGalleryStore(local: LocalArea) {
  async function list(): Promise<GalleryRun[]> {
    const parsed = z.array(GalleryRunSchema).safeParse((await local.get(GALLERY_KEY))[GALLERY_KEY] ?? []);
    if (!parsed.success) throw new Error(`Flagtab's gallery is unreadable (${parsed.error.issues[0]?.message}): its runs cannot be shown.`, { cause: parsed.error });
    return parsed.data;
  }

  return {
    /** Newest first. */
    list,
    async get(id: string): Promise<GalleryRun | undefined> {
      return (await list()).find((r) => r.id === id);
    },
    /** Adds or updates a run; the oldest beyond KEPT_RUNS go, images and all. */
    async save(run: GalleryRun): Promise<void> {
      const all = [run, ...(await list()).filter((r) => r.id !== run.id)].sort((a, b) => b.startedAt - a.startedAt);
      const dropped = all.slice(KEPT_RUNS);
      await local.set({ [GALLERY_KEY]: all.slice(0, KEPT_RUNS) });
      const keys = dropped.flatMap((r) => r.steps.map((_, i) => imageKey(r.id, i)));
      if (keys.length) await local.remove(keys);
    },
    saveImage: (runId: string, index: number, base64: string) => local.set({ [imageKey(runId, index)]: base64 }),
    async image(runId: string, index: number): Promise<string | undefined> {
      const value = (await local.get(imageKey(runId, index)))[imageKey(runId, index)];
      return typeof value === 'string' ? value : undefined;
    },
  };
}

export type GalleryStore = ReturnType<typeof createGalleryStore>;
