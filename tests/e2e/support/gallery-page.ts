import type { Page } from 'playwright-core';
import { STORED } from '../../../lib/storage/keys';
import type { GalleryRun } from '../../../lib/runs/gallery-store';

/**
 * What the runs tests do from an extension page (the gallery): send a message as Flagtab's own
 * pages do, and read a run's gallery record from storage.local (no message, so no worker is woken).
 */
export function galleryPage(reader: () => Page) {
  async function send<T>(type: string, data: unknown): Promise<T> {
    const reply = await reader().evaluate(async (m) => chrome.runtime.sendMessage(m), { type, data }) as { ok: boolean; result?: T; error?: { message: string } };
    if (!reply.ok) throw new Error(reply.error?.message);
    return reply.result as T;
  }
  async function galleryRun(id: string): Promise<GalleryRun | undefined> {
    const all = await reader().evaluate(async (key) => (await chrome.storage.local.get(key))[key], STORED.gallery.key) as GalleryRun[] | undefined;
    return all?.find((r) => r.id === id);
  }
  return { send, galleryRun };
}
