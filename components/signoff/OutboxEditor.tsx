import type { OutboxItem } from '../../lib/signoff/outbox-store';
import type { OutboxModel } from './outbox-model';
import { VerdictGroup } from './VerdictGroup';

/** Inline editing of a waiting sign-off: ticket, verdict, notes, and dropping its screenshot. */
export function OutboxEditor({ outbox, item }: { outbox: OutboxModel; item: OutboxItem }) {
  const edit = outbox.editing.value;
  if (!edit) return null;
  const id = `edit-${item.signOff.id}`;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void outbox.saveEdit();
    } else if (event.key === 'Escape') outbox.cancelEdit();
  };
  return (
    <form class="outbox-edit" aria-label={`Edit the sign-off for ${item.signOff.ticket}`} onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()}>
      <fieldset class="fields" disabled={edit.saving}>
        <div class="field">
          <label for={`${id}-ticket`}>Ticket</label>
          <input id={`${id}-ticket`} type="text" value={edit.ticket} onInput={(e) => outbox.updateEdit({ ticket: e.currentTarget.value })} />
        </div>
        <VerdictGroup name={`${id}-verdict`} idPrefix={`${id}-verdict`} value={edit.verdict} onChange={(verdict) => outbox.updateEdit({ verdict })} />
        <div class="field">
          <label for={`${id}-notes`}>Notes</label>
          <textarea id={`${id}-notes`} rows={4} value={edit.notes} onInput={(e) => outbox.updateEdit({ notes: e.currentTarget.value })} />
        </div>
        {item.hasScreenshot && (
          <label class="check">
            <input type="checkbox" checked={edit.dropScreenshot} onChange={(e) => outbox.updateEdit({ dropScreenshot: e.currentTarget.checked })} />
            Drop the screenshot
          </label>
        )}
      </fieldset>
      <div class="row">
        <button type="button" class="primary" disabled={edit.saving} onClick={() => void outbox.saveEdit()}>Save changes</button>
        <button type="button" onClick={() => outbox.cancelEdit()}>Cancel</button>
      </div>
    </form>
  );
}
