import { signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { HistoryView } from '../../lib/signoff/view';
import { messageOf, screenshotFilename } from './words';

/** A file for the person to save: text (an export) or a base64 PNG (a kept screenshot). */
export type SavedFile = { filename: string; type: string } & ({ text: string } | { base64: string });

/**
 * The history view: posted sign-offs per ticket, with their comments, kept screenshots and
 * exports. Re-asked whenever the history's storage changes.
 */
export function createHistoryModel(deps: { client: BackgroundClient; save(file: SavedFile): void }) {
  const view = signal<HistoryView | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  /** The last action's failure, by entry id ('export' for the export buttons). */
  const errors = signal<Record<string, string>>({});
  /** Entries whose screenshot was saved in this panel: "Forget screenshot" is then safe to offer first. */
  const saved = signal<ReadonlySet<string>>(new Set());
  let latest = 0;

  const fail = (key: string, message: string | undefined) => {
    const { [key]: _old, ...rest } = errors.value;
    errors.value = message ? { ...rest, [key]: message } : rest;
  };

  async function refresh() {
    const mine = ++latest;
    try {
      const answer = await deps.client.request('history/list', {});
      if (mine !== latest) return;
      view.value = answer;
      loadError.value = undefined;
    } catch (error) {
      if (mine === latest) loadError.value = messageOf(error);
    }
  }

  async function act(key: string, action: () => Promise<unknown>) {
    fail(key, undefined);
    try {
      await action();
    } catch (error) {
      fail(key, messageOf(error));
    }
  }

  const entry = (id: string) => view.value?.tickets.flatMap((t) => t.entries).find((e) => e.signOff.id === id);

  return {
    view, loadError, errors, saved,
    refresh,
    saveScreenshot: (id: string) =>
      act(id, async () => {
        const found = entry(id);
        const shot = await deps.client.request('history/screenshot', { id });
        if (!found || !shot) throw new Error('Flagtab no longer holds this screenshot (it was forgotten or removed).');
        deps.save({ filename: screenshotFilename(found.signOff.ticket, id), type: 'image/png', base64: shot.base64 });
        saved.value = new Set([...saved.value, id]);
      }),
    forgetScreenshot: (id: string) =>
      act(id, async () => {
        await deps.client.request('history/drop-screenshot', { id });
        await refresh();
      }),
    remove: (id: string) =>
      act(id, async () => {
        await deps.client.request('history/remove', { id });
        await refresh();
      }),
    export: (format: 'markdown' | 'json') =>
      act('export', async () => {
        const file = await deps.client.request('history/export', { format });
        deps.save({ filename: file.filename, type: file.type, text: file.text });
      }),
  };
}

export type HistoryModel = ReturnType<typeof createHistoryModel>;
