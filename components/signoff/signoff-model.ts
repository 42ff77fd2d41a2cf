import { computed, signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { OutboxItem } from '../../lib/signoff/outbox-store';
import { createSignOffForm } from './form-model';
import { createOutboxModel } from './outbox-model';
import { createHistoryModel, type SavedFile } from './history-model';
import { secondsTimeOf } from './words';

export type { SavedFile } from './history-model';

/** Where the side panel's tab comes from: `?tabId=N`, or the active tab of the panel's window. */
export interface TabSource {
  /** The tab to sign off now. */
  current(): Promise<number>;
  /**
   * Calls back when another tab became the one to sign off ('activated'), or a tab finished
   * loading a page ('loaded'; the model ignores tabs other than its own). Returns the stop.
   */
  watch(callback: (event: { tabId: number; kind: 'activated' | 'loaded' }) => void): () => void;
}

export interface SignOffDeps {
  client: BackgroundClient;
  tabs: TabSource;
  /** The clock (epoch ms). */
  now(): number;
  /** Calls back when the outbox's or the history's stored document changed. Returns the stop. */
  watchStores(callback: (store: 'outbox' | 'history') => void): () => void;
  openOptions(): void;
  save(file: SavedFile): void;
  /** The run whose gallery to attach, when the panel was opened from the gallery page ("Sign off with this gallery"). */
  galleryRun?: string | null;
}

export type PanelView = 'signoff' | 'outbox' | 'history';

/** The line under Send once a sign-off went out, following it through the outbox to its comment. */
export type SendStatus =
  | { kind: 'sending'; ticket: string; text: string }
  | { kind: 'posted'; ticket: string; text: string; url: string }
  | { kind: 'waiting'; ticket: string; text: string }
  | { kind: 'gone'; ticket: string; text: string };

function waitingText(item: OutboxItem, online: boolean): string | undefined {
  const reason = item.lastError?.message.replace(/\.?\s*$/, '');
  // The outbox's reasons say what to do (and that Retry follows); nothing to add to them.
  if (item.state === 'failed') return `Waiting in the outbox: ${reason ?? 'the tracker refused it; see the Outbox'}.`;
  if (!online) return 'Waiting in the outbox: you are offline. Flagtab sends it when you are back online.';
  if (item.state === 'queued' && reason) return `Waiting in the outbox: ${reason}. Flagtab tries again at ${secondsTimeOf(item.nextAttemptAt)}.`;
  return undefined;
}

/**
 * The QA sign-off side panel: the form for the tab in view, the outbox and the history, kept
 * live from storage. Pure: the browser comes in through `deps` (see entrypoints/sidepanel).
 *
 * @example
 * const model = createSignOffModel({ client, tabs, now: Date.now, watchStores, openOptions, save });
 * const stop = await model.start();
 */
export function createSignOffModel(deps: SignOffDeps) {
  const form = createSignOffForm({ client: deps.client });
  const outbox = createOutboxModel({ client: deps.client });
  const history = createHistoryModel({ client: deps.client, save: deps.save });
  const view = signal<PanelView>('signoff');
  /** The tab in view now (it may differ from the draft's while a sign-off shows its status). */
  const tabId = signal<number | undefined>(undefined);

  /** Sign-offs seen in the outbox list: one missing later has left it (posted or discarded). */
  const listedSince = new Set<string>();

  const status = computed<SendStatus | undefined>(() => {
    const sent = form.sent.value;
    if (!sent) return undefined;
    const posted = history.view.value?.tickets.flatMap((t) => t.entries).find((e) => e.signOff.id === sent.id);
    const listed = outbox.view.value?.items.find((i) => i.signOff.id === sent.id);
    const item = listed ?? sent.result.item;
    const ticket = item.signOff.ticket;
    const url = posted?.comment.url ?? item.posted?.url;
    if (url) return { kind: 'posted', ticket, url, text: `Posted to ${ticket}` };
    // Neither waiting nor posted once the lists caught up: it was discarded from the outbox.
    if (!listed && outbox.view.value && history.view.value && listedSince.has(sent.id)) {
      return { kind: 'gone', ticket, text: `The sign-off for ${ticket} is no longer in the outbox.` };
    }
    const waiting = waitingText(item, outbox.view.value?.online ?? true);
    if (waiting) return { kind: 'waiting', ticket, text: waiting };
    return { kind: 'sending', ticket, text: `Saved. Sending to ${ticket}…` };
  });

  function onTab(event: { tabId: number; kind: 'activated' | 'loaded' }) {
    if (event.kind === 'loaded' && event.tabId !== tabId.value) return;
    tabId.value = event.tabId;
    // A sign-off that went out keeps its status on screen; "New sign-off" loads this tab.
    if (!form.sent.value) void form.showTab(event.tabId);
  }

  async function refreshOutbox() {
    await outbox.refresh();
    for (const item of outbox.view.value?.items ?? []) listedSince.add(item.signOff.id);
  }

  return {
    form, outbox, history, view, tabId, status,
    now: deps.now,

    /** Loads the draft and both lists, then follows the tab and the stores. Returns the stop. */
    async start(): Promise<() => void> {
      const stopTabs = deps.tabs.watch(onTab);
      const stopStores = deps.watchStores((store) => void (store === 'outbox' ? refreshOutbox() : history.refresh()));
      try {
        tabId.value = await deps.tabs.current();
        const runId = deps.galleryRun;
        const attaching = runId ? form.attachGallery(() => deps.client.request('runs/gallery', { runId })) : undefined;
        await Promise.all([form.showTab(tabId.value), refreshOutbox(), history.refresh(), attaching]);
      } catch (error) {
        form.loadError.value = error instanceof Error ? error.message : String(error);
      }
      return () => { stopTabs(); stopStores(); };
    },
    /** Sends, then refreshes the lists so the status can follow the sign-off at once. */
    async submit() {
      await form.submit();
      if (form.sent.value) await Promise.all([refreshOutbox(), history.refresh()]);
    },
    newSignOff() {
      const id = tabId.value ?? form.draft.value?.tabId;
      return id === undefined ? Promise.resolve() : form.startNew(id);
    },
    openOptions: () => deps.openOptions(),
  };
}

export type SignOffModel = ReturnType<typeof createSignOffModel>;
