import { computed, signal } from '@preact/signals';
import { matchingScenario, pathOf, type Scenario } from '../../lib/scenarios/scenario';
import type { Flag } from '../../lib/flags/flag';
import { presenterCycle } from '../../lib/scenarios/presenter';
import { planTicket, ticketsOfFlags, type TicketPlan } from '../../lib/scenarios/ticket-plan';
import type { PopupModel } from './popup-model';

/** The "Save as scenario…" form as typed; tickets are comma-separated. */
export interface SaveForm {
  name: string;
  startPath: string;
  tickets: string;
}

/** What a ticket's button says it did: what it set, and what it left to the tester. */
export function describePlan(plan: TicketPlan): string {
  const set = Object.keys(plan.values);
  const parts = [
    set.length === 0 ? `Nothing of ${plan.ticket} could be set` : `Set ${set.join(', ')} for ${plan.ticket}`,
    plan.fromScenarios.length ? ` (variants from ${plan.fromScenarios.map((n) => `"${n}"`).join(', ')})` : '',
    '.',
    ...plan.unset.map((u) => ` ${u.key}: ${u.why}.`),
  ];
  return parts.join('');
}

const NO_SCENARIOS: Scenario[] = [];
const NO_FLAGS: Flag[] = [];

/**
 * The popup's scenarios: chips that apply a saved scenario to the tab, "Apply the flags of
 * SHOP-142" for each ticket on the catalogue's flags, and "Save as scenario…".
 */
export function createScenarioModel(popup: PopupModel) {
  const state = popup.state;
  // One empty list, not a new one per state: a click's answer must not look like new scenarios.
  const scenarios = computed(() => state.value?.scenarios ?? NO_SCENARIOS);
  const flags = computed(() => state.value?.catalogue?.flags ?? NO_FLAGS);
  /** The saved scenario the tab is in now (its overrides equal the scenario's values). */
  const current = computed(() => {
    const s = state.value;
    return s?.site ? matchingScenario(scenarios.value, s.site.id, s.overrides) : undefined;
  });
  /** Each flag's place in the catalogue, by key: a click looks up its flag instead of scanning 10,000. */
  const places = computed(() => new Map(flags.value.map((flag, index) => [flag.key, index])));
  let lastTickets: string[] = [];
  /**
   * Tickets of the overridden flags, in catalogue order: what the sign-off would suggest, and
   * what the form prefills. The same array while they are the same, so a click that changes no
   * ticket does not recompute the ticket buttons over the whole catalogue.
   */
  const overriddenTickets = computed(() => {
    const at = places.value;
    const indexes = Object.keys(state.value?.overrides ?? {}).flatMap((key) => at.get(key) ?? []).sort((a, b) => a - b);
    const next = [...new Set(indexes.flatMap((index) => flags.value[index]!.tickets))];
    if (next.length !== lastTickets.length || next.some((ticket, i) => ticket !== lastTickets[i])) lastTickets = next;
    return lastTickets;
  });
  const tickets = computed(() => ticketsOfFlags(flags.value, overriddenTickets.value));
  const notice = signal<string | undefined>(undefined);
  const form = signal<SaveForm | undefined>(undefined);

  const siteId = () => state.value?.site?.id ?? '';
  /** The scenarios the presenter shortcut cycles through on this site. */
  const presenting = computed(() => presenterCycle(scenarios.value, popup.site.value?.id ?? ''));

  return {
    scenarios, current, tickets, notice, form, presenting,

    /** Sets exactly the scenario's values in the tab, then opens its start path (the background does both). */
    apply(id: string) {
      notice.value = undefined;
      const scenario = scenarios.value.find((s) => s.id === id);
      return popup.act(undefined, async () => {
        const { opened, ...overrides } = await popup.client.request('scenarios/apply', { tabId: state.value!.tabId, scenarioId: id });
        notice.value = `Applied "${scenario?.name ?? id}"${opened ? ` and opened ${new URL(opened).pathname}` : ''}.`;
        return overrides;
      });
    },

    /** The presenter's next scenario in the tab, as the shortcut does it: applied, then the tab reloads. */
    presentNext() {
      notice.value = undefined;
      return popup.act(undefined, async () => {
        const { scenario, position, of, ...overrides } = await popup.client.request('scenarios/next', { tabId: state.value!.tabId });
        notice.value = `Presenting "${scenario}" (${position} of ${of}).`;
        return overrides;
      });
    },

    /** Sets the ticket's flags in one change; a variant Flagtab cannot know is left to the tester, and said. */
    applyTicket(ticket: string) {
      const plan = planTicket(ticket, flags.value, scenarios.value);
      notice.value = describePlan(plan);
      if (Object.keys(plan.values).length === 0) return Promise.resolve();
      return popup.act(undefined, () => popup.client.request('overrides/set-many', { tabId: state.value!.tabId, siteId: siteId(), values: plan.values }));
    },

    openSave() {
      notice.value = undefined;
      form.value = { name: current.value?.name ?? '', startPath: pathOf(state.value?.tabUrl), tickets: overriddenTickets.value.join(', ') };
    },
    edit(change: Partial<SaveForm>) {
      if (form.value) form.value = { ...form.value, ...change };
    },
    cancelSave() {
      form.value = undefined;
    },
    /** Saves the tab's overrides (as the background holds them) under the typed name. */
    save() {
      const typed = form.value;
      if (!typed) return Promise.resolve();
      return popup.act(undefined, async () => {
        const startPath = typed.startPath.trim();
        const answer = await popup.client.request('scenarios/save', {
          tabId: state.value!.tabId,
          siteId: siteId(),
          name: typed.name,
          ...(startPath ? { startPath } : {}),
          tickets: typed.tickets.split(',').map((t) => t.trim()).filter(Boolean),
        });
        form.value = undefined;
        notice.value = `${answer.replaced ? 'Updated' : 'Saved'} scenario "${answer.scenario.name}".`;
        return { ...state.value!, scenarios: answer.scenarios };
      });
    },
  };
}

export type ScenarioModel = ReturnType<typeof createScenarioModel>;
