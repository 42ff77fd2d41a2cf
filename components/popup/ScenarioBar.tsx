import { useMemo } from 'preact/hooks';
import type { PopupModel } from './popup-model';
import { createScenarioModel, type ScenarioModel } from './scenarios-model';

/** Ticket buttons shown at once; the rest wait under "More tickets". */
const SHOWN_TICKETS = 4;

/** Scenarios in the popup: the tab's scenario, one chip per saved scenario, ticket buttons, "Save as scenario…". */
export function ScenarioBar({ model }: { model: PopupModel }) {
  const scenarios = useMemo(() => createScenarioModel(model), [model]);
  const site = model.site.value;
  if (!site) return null;
  const current = scenarios.current.value;
  const tickets = scenarios.tickets.value;
  const ticketButton = (ticket: string) => (
    <button key={ticket} type="button" class="ticket" onClick={() => void scenarios.applyTicket(ticket)}
      title={`Switches on the boolean flags linked to ${ticket}; a flag with variants gets the variant a saved scenario of ${ticket} sets, else it is left for you to choose. Your other overrides stay.`}>
      Apply the flags of {ticket}
    </button>
  );
  return (
    <section class="scenarios" aria-label="Scenarios">
      <p class="scenario-current" role="status">{current ? `Scenario: ${current.name}` : ''}</p>
      <div class="actions scenario-chips">
        {scenarios.scenarios.value.map((s) => (
          <button key={s.id} type="button" aria-label={`Apply scenario ${s.name}`} aria-pressed={current?.id === s.id}
            title={`Sets exactly these ${Object.keys(s.values).length} value(s) in this tab, replacing the tab's overrides on ${site.name}${s.startPath ? `, then opens ${s.startPath}` : ''}`}
            onClick={() => void scenarios.apply(s.id)}>
            {s.name}
          </button>
        ))}
        {scenarios.presenting.value.length >= 2 && (
          <button type="button" class="presenter-next" onClick={() => void scenarios.presentNext()}
            title={`Switches this tab to the next of ${scenarios.presenting.value.map((s) => `"${s.name}"`).join(', ')} and reloads it; the shortcut Alt+Shift+N does the same without opening Flagtab.`}>
            Next scenario
          </button>
        )}
        {tickets.slice(0, SHOWN_TICKETS).map(ticketButton)}
        {!scenarios.form.value && <SaveForm scenarios={scenarios} canSave={model.hasOverrides.value} />}
      </div>
      {tickets.length > SHOWN_TICKETS && (
        <details class="more-tickets"><summary>More tickets ({tickets.length - SHOWN_TICKETS})</summary>
          <div class="actions">{tickets.slice(SHOWN_TICKETS).map(ticketButton)}</div></details>
      )}
      {scenarios.notice.value && <p class="note scenario-notice" role="status">{scenarios.notice.value}</p>}
      {scenarios.form.value && <SaveForm scenarios={scenarios} canSave={model.hasOverrides.value} />}
    </section>
  );
}

function SaveForm({ scenarios, canSave }: { scenarios: ScenarioModel; canSave: boolean }) {
  const form = scenarios.form.value;
  if (!form) {
    return <button type="button" class="quiet" onClick={() => scenarios.openSave()} disabled={!canSave}
      title={canSave ? "Saves this tab's overrides on this site as a named scenario" : 'Set some flags first'}>Save as scenario…</button>;
  }
  return (
    <form class="scenario-form" onSubmit={(e) => { e.preventDefault(); void scenarios.save(); }}>
      <label>Scenario name <input value={form.name} required maxLength={100} placeholder="New checkout, banner B"
        onInput={(e) => scenarios.edit({ name: e.currentTarget.value })} /></label>
      <label>Start path (optional) <input value={form.startPath} placeholder="/checkout"
        onInput={(e) => scenarios.edit({ startPath: e.currentTarget.value })} /></label>
      <label>Tickets (comma-separated) <input value={form.tickets} placeholder="SHOP-142"
        onInput={(e) => scenarios.edit({ tickets: e.currentTarget.value })} /></label>
      <div class="actions">
        <button type="submit">Save scenario</button>
        <button type="button" onClick={() => scenarios.cancelSave()}>Cancel</button>
      </div>
    </form>
  );
}
