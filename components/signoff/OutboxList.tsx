import type { OutboxItem } from '../../lib/signoff/outbox-store';
import type { OutboxModel } from './outbox-model';
import { OutboxEditor } from './OutboxEditor';
import { outboxReason, outboxStateWords, verdictText } from './words';

function ItemView({ outbox, item, now, online }: { outbox: OutboxModel; item: OutboxItem; now: number; online: boolean }) {
  const { id, ticket, verdict } = item.signOff;
  const note = outbox.notes.value[id];
  const editing = outbox.editing.value?.id === id;
  const confirming = outbox.confirmingDiscard.value === id;
  const busy = item.state === 'sending' || item.state === 'posted';
  const reason = outboxReason(item, online);
  return (
    <li class={`outbox-item state-${item.state}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{ticket} <span class="verdict-word">Verdict: {verdictText(verdict)}</span></h3>
      <p class="item-state">{outboxStateWords(item, now)}</p>
      {reason && <p class="item-reason">Why: {reason}</p>}
      {note && <p class={note.kind === 'error' ? 'field-error' : 'notice'} role={note.kind === 'error' ? 'alert' : 'status'}>{note.text}</p>}
      {editing ? <OutboxEditor outbox={outbox} item={item} /> : confirming ? (
        <div class="row confirm" role="group" aria-label={`Discard the sign-off for ${ticket}?`}>
          <span>Discard this sign-off? It will not be sent.</span>
          <button type="button" class="danger" onClick={() => void outbox.discard(id)}>Yes, discard</button>
          <button type="button" onClick={() => outbox.cancelDiscard()}>Keep it</button>
        </div>
      ) : (
        <div class="row">
          <button type="button" disabled={busy} onClick={() => void outbox.retry(id)}>Retry</button>
          <button type="button" disabled={busy} onClick={() => outbox.startEdit(id)}>Edit</button>
          <button type="button" disabled={busy} onClick={() => outbox.askDiscard(id)}>Discard</button>
        </div>
      )}
    </li>
  );
}

/** Every sign-off not yet posted, its state in words, and Retry / Edit / Discard. */
export function OutboxList({ outbox, now }: { outbox: OutboxModel; now: number }) {
  const view = outbox.view.value;
  if (outbox.loadError.value) return <p role="alert" class="error">{outbox.loadError.value}</p>;
  if (!view) return <p aria-busy="true">Loading the outbox…</p>;
  const listed = new Set(view.items.map((i) => i.signOff.id));
  // What an action said about an item that has since left the list (a discard's warning).
  const leftOver = Object.entries(outbox.notes.value).filter(([id]) => !listed.has(id));
  return (
    <>
      {!view.online && <p class="notice offline" role="status">You are offline: sign-offs are kept and sent when you are back online.</p>}
      {leftOver.map(([id, note]) => <p key={id} class={note.kind === 'error' ? 'field-error' : 'notice'} role="status">{note.text}</p>)}
      {view.items.length === 0 ? <p class="hint">Nothing waiting: every sign-off was posted.</p> : (
        <ul class="outbox-items">{view.items.map((item) => <ItemView key={item.signOff.id} outbox={outbox} item={item} now={now} online={view.online} />)}</ul>
      )}
    </>
  );
}
