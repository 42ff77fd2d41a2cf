import { computed, signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { OutboxActionResult, OutboxView } from '../../lib/signoff/view';
import type { Verdict } from '../../lib/signoff/signoff';
import { messageOf } from './words';

/** The inline editor of one waiting sign-off. */
export interface OutboxEdit {
  id: string;
  ticket: string;
  verdict: Verdict;
  notes: string;
  dropScreenshot: boolean;
  saving: boolean;
}

/** What the last action on an item said: a refusal, or the warning of one that went through. */
export interface ItemNote {
  kind: 'error' | 'warning';
  text: string;
}

/**
 * The outbox view: every sign-off not yet posted, and the person's Retry / Edit / Discard.
 * The list is re-asked whenever the outbox's storage changes, so states move on their own.
 */
export function createOutboxModel(deps: { client: BackgroundClient }) {
  const view = signal<OutboxView | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  const editing = signal<OutboxEdit | undefined>(undefined);
  /** The id whose Discard waits for "Yes, discard". */
  const confirmingDiscard = signal<string | undefined>(undefined);
  const notes = signal<Record<string, ItemNote>>({});
  const count = computed(() => view.value?.items.length ?? 0);
  let latest = 0;

  const note = (id: string, value: ItemNote | undefined) => {
    const { [id]: _old, ...rest } = notes.value;
    notes.value = value ? { ...rest, [id]: value } : rest;
  };

  async function refresh() {
    const mine = ++latest;
    try {
      const answer = await deps.client.request('outbox/list', {});
      if (mine !== latest) return; // an answer from before a later change
      view.value = answer;
      loadError.value = undefined;
    } catch (error) {
      if (mine === latest) loadError.value = messageOf(error);
    }
  }

  /** Runs an action and says its answer by the item; true when it went through. */
  async function act(id: string, action: () => Promise<OutboxActionResult>): Promise<boolean> {
    note(id, undefined);
    let answer: OutboxActionResult;
    try {
      answer = await action();
    } catch (error) {
      answer = { ok: false, message: messageOf(error) };
    }
    if (!answer.ok) note(id, { kind: 'error', text: answer.message });
    else if (answer.warning) note(id, { kind: 'warning', text: answer.warning });
    await refresh();
    return answer.ok;
  }

  return {
    view, loadError, editing, confirmingDiscard, notes, count,
    refresh,
    retry: (id: string) => act(id, () => deps.client.request('outbox/retry', { id })),
    startEdit(id: string) {
      const item = view.value?.items.find((i) => i.signOff.id === id);
      if (!item) return;
      const { ticket, verdict, notes: text } = item.signOff;
      editing.value = { id, ticket, verdict, notes: text, dropScreenshot: false, saving: false };
      note(id, undefined);
    },
    updateEdit(patch: Partial<Omit<OutboxEdit, 'id' | 'saving'>>) {
      if (editing.value) editing.value = { ...editing.value, ...patch };
    },
    cancelEdit: () => { editing.value = undefined; },
    /** Sends the edit; on refusal the editor stays open with the message by the item. */
    async saveEdit() {
      const edit = editing.value;
      if (!edit || edit.saving) return;
      editing.value = { ...edit, saving: true };
      const { id, ticket, verdict, notes: text, dropScreenshot } = edit;
      const ok = await act(id, () => deps.client.request('outbox/edit', { id, patch: { ticket: ticket.trim(), verdict, notes: text, ...(dropScreenshot ? { dropScreenshot } : {}) } }));
      editing.value = ok ? undefined : { ...edit, saving: false };
    },
    askDiscard: (id: string) => { confirmingDiscard.value = id; },
    cancelDiscard: () => { confirmingDiscard.value = undefined; },
    async discard(id: string) {
      confirmingDiscard.value = undefined;
      return act(id, () => deps.client.request('outbox/discard', { id }));
    },
  };
}

export type OutboxModel = ReturnType<typeof createOutboxModel>;
