import type { Flag } from '../flags/flag';
import type { JsonValue } from '../json-value';
import { dict } from '../dict';
import { sameValues, type Scenario } from './scenario';

/** A flag of the ticket that Flagtab cannot set by itself, and why, in words. */
export interface UnsetFlag {
  key: string;
  why: string;
}

/** What "Apply the flags of SHOP-142" sets in the tab, and what it leaves to the tester. */
export interface TicketPlan {
  ticket: string;
  /** Flag key → value to set (a null-prototype record). */
  values: Record<string, JsonValue>;
  /** Flags of the ticket left unset: a variant to choose (Flagtab does not guess). */
  unset: UnsetFlag[];
  /** The saved scenarios the variants came from, by name. */
  fromScenarios: string[];
}

/**
 * The ticket keys on the catalogue's flags, each once, in catalogue order; `first` (the
 * ticket the sign-off would suggest, or the tickets of the overridden flags) go first.
 *
 * @example ticketsOfFlags(flags, ['SHOP-150']) // ['SHOP-150', 'SHOP-142']
 */
export function ticketsOfFlags(flags: readonly Flag[], first: readonly string[] = []): string[] {
  const inCatalogue = new Set(flags.flatMap((f) => f.tickets));
  return [...new Set([...first.filter((t) => inCatalogue.has(t)), ...inCatalogue])];
}

/**
 * Sets every flag linked to `ticket` as the story needs: a boolean flag on; any other flag to
 * the value the saved scenarios linked to the ticket agree on, or, when none sets it (or they
 * disagree), it stays unset and is listed as "choose a variant".
 *
 * @example planTicket('SHOP-142', flags, scenarios) // { values: { 'new-checkout': true, 'hero-banner': 'b' }, unset: [], … }
 */
export function planTicket(ticket: string, flags: readonly Flag[], scenarios: readonly Scenario[]): TicketPlan {
  const linked = scenarios.filter((s) => s.tickets.includes(ticket));
  const values = dict<JsonValue>();
  const unset: UnsetFlag[] = [];
  const from = new Set<string>();
  for (const flag of flags) {
    if (!flag.tickets.includes(ticket)) continue;
    if (flag.type === 'boolean') {
      values[flag.key] = true;
      continue;
    }
    const setting = linked.filter((s) => Object.hasOwn(s.values, flag.key));
    const first = setting[0];
    if (!first) {
      unset.push({ key: flag.key, why: `choose a variant: no saved scenario of ${ticket} sets it` });
    } else if (setting.some((s) => !sameValues({ v: s.values[flag.key]! }, { v: first.values[flag.key]! }))) {
      unset.push({ key: flag.key, why: `choose a variant: the scenarios of ${ticket} disagree (${setting.map((s) => `"${s.name}"`).join(', ')})` });
    } else {
      values[flag.key] = first.values[flag.key]!;
      for (const s of setting) from.add(s.name);
    }
  }
  return { ticket, values, unset, fromScenarios: [...from] };
}
