import { useEffect } from 'preact/hooks';
import type { FocusTarget } from './form-model';
import type { SignOffModel } from './signoff-model';
import { describedBy } from '../options/Field';
import { EvidencePreview } from './EvidencePreview';
import { ScreenshotField } from './ScreenshotField';
import { GalleryField } from './GalleryField';
import { SendStatus } from './SendStatus';
import { NoSite, TrackerLine } from './TrackerLine';
import { VerdictGroup } from './VerdictGroup';
import { TICKET_FROM } from './words';

const FOCUS_IDS: Record<FocusTarget, string> = { ticket: 'so-ticket', verdict: 'so-verdict', notes: 'so-notes', who: 'so-who', status: 'signoff-status', send: 'so-send' };

/** The focus requests already carried out, so a form shown again (after the Outbox tab) does not jump. */
const handled = new WeakMap<SignOffModel, number>();

/** Moves focus where the model asks: the first empty required field, a refused field, the status. */
function useFocus(model: SignOffModel) {
  const request = model.form.focus.value;
  useEffect(() => {
    if (request.n === 0 || handled.get(model) === request.n) return;
    let element = document.getElementById(FOCUS_IDS[request.target]);
    // The checked verdict takes focus, as the arrow keys would leave it.
    if (request.target === 'verdict') element = document.querySelector<HTMLElement>('input[name="verdict"]:checked') ?? element;
    if (!element) return; // not drawn yet (still loading): the next render tries again
    element.focus();
    handled.set(model, request.n);
  });
}

/** The sign-off form for the tab in view: ticket, verdict, notes, name, screenshot, evidence, Send. */
export function SignOffForm({ model }: { model: SignOffModel }) {
  const form = model.form;
  useFocus(model);
  const draft = form.draft.value;
  if (form.loadError.value) return <p role="alert" class="error">{form.loadError.value}</p>;
  if (!draft) return <p aria-busy="true">Loading the sign-off for this tab…</p>;
  if (!draft.site) return <NoSite draft={draft} openOptions={model.openOptions} />;

  const errors = form.errors.value;
  const locked = form.sending.value || Boolean(form.sent.value);
  const example = draft.tracker?.ticketExample ?? 'SHOP-142';
  const ticketHint = form.ticketSuggested.value && draft.ticketFrom ? `${TICKET_FROM[draft.ticketFrom]} · e.g. ${example}` : `e.g. ${example}`;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void model.submit();
    }
  };
  return (
    // Enter alone does not send (a stray Enter in a field must not post a comment): Ctrl/Cmd+Enter or the button.
    <form class="signoff-form" aria-labelledby="signoff-heading" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()}>
      <h2 id="signoff-heading">Sign off on {draft.site.name}</h2>
      <TrackerLine draft={draft} openOptions={model.openOptions} />
      <fieldset class="fields" disabled={locked}>
        <div class={`field${errors.ticket ? ' invalid' : ''}`}>
          <label for="so-ticket">Ticket</label>
          <input id="so-ticket" type="text" autocomplete="off" spellcheck={false} aria-required="true" value={form.ticket.value} placeholder={example}
            aria-invalid={errors.ticket ? true : undefined} aria-describedby={describedBy('so-ticket', errors.ticket, ticketHint)}
            onInput={(e) => { form.ticket.value = e.currentTarget.value; form.clearError('ticket'); }} />
          <p class="hint" id="so-ticket-hint">{ticketHint}</p>
          {errors.ticket && <p class="field-error" id="so-ticket-error" role="alert">{errors.ticket}</p>}
        </div>
        <VerdictGroup name="verdict" idPrefix="so-verdict" value={form.verdict.value} error={errors.verdict}
          onChange={(v) => { form.verdict.value = v; form.clearError('verdict'); }} />
        <div class={`field${errors.notes ? ' invalid' : ''}`}>
          <label for="so-notes">Notes</label>
          <textarea id="so-notes" rows={5} value={form.notes.value} aria-invalid={errors.notes ? true : undefined}
            aria-describedby={describedBy('so-notes', errors.notes, 'md')} onInput={(e) => { form.notes.value = e.currentTarget.value; form.clearError('notes'); }} />
          <p class="hint" id="so-notes-hint">Markdown is fine: **bold**, lists, `code`, links.</p>
          {errors.notes && <p class="field-error" id="so-notes-error" role="alert">{errors.notes}</p>}
        </div>
        <div class={`field${errors.who ? ' invalid' : ''}`}>
          <label for="so-who">Your name</label>
          <input id="so-who" type="text" autocomplete="name" value={form.who.value} aria-invalid={errors.who ? true : undefined}
            aria-describedby={describedBy('so-who', errors.who, 'optional')} onInput={(e) => { form.who.value = e.currentTarget.value; form.clearError('who'); }} />
          <p class="hint" id="so-who-hint">Optional: name or e-mail, shown in the evidence as who signed off.</p>
          {errors.who && <p class="field-error" id="so-who-error" role="alert">{errors.who}</p>}
        </div>
      </fieldset>
      <ScreenshotField form={form} />
      <GalleryField form={form} />
      {form.evidence.value && <EvidencePreview evidence={form.evidence.value} />}
      <div class="send">
        <button id="so-send" type="button" class="primary" disabled={locked} aria-busy={form.sending.value}
          aria-describedby={errors.form ? 'so-form-error' : undefined} onClick={() => void model.submit()}>
          Send sign-off
        </button>
        {errors.form && <p class="field-error" id="so-form-error" role="alert">{errors.form}</p>}
      </div>
      <SendStatus model={model} />
    </form>
  );
}
