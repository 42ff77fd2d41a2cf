import { signal, type Signal } from '@preact/signals';
import type { ConfigStore } from '../../lib/config/store';
import type { Config } from '../../lib/config/versions';
import { scenarioId, type Scenario } from '../../lib/scenarios/scenario';
import type { ValuesTextResult } from '../../lib/scenarios/schema';
import { retryOnce } from '../../lib/retry-once';
import { messageOf } from './model-helpers';

/** The values' schema (zod), loaded by the first Save: listing scenarios needs none of it. */
const valuesReader = retryOnce(async () => (await import('../../lib/scenarios/schema')).parseValuesText);

/** A scenario as the options form has it: strings, values as JSON text. */
export interface ScenarioForm {
  siteId: string;
  /** Absent for a new scenario. */
  id?: string;
  name: string;
  startPath: string;
  /** Comma-separated ticket keys. */
  tickets: string;
  values: string;
  /** One of the scenarios the presenter shortcut cycles through. */
  presenter: boolean;
}

export interface ScenarioDeps {
  store: Pick<ConfigStore, 'updateScenarios'>;
}

/**
 * The options page's scenarios: a small list per site, renamed, edited by hand (values as
 * JSON) or deleted. Saved through the configuration store, so an export carries them.
 */
export function createScenarioList(deps: ScenarioDeps, shared: { config: Signal<Config | undefined>; setConfig(next: Config): void }) {
  const form = signal<ScenarioForm | undefined>(undefined);
  const error = signal<string | undefined>(undefined);

  async function write(change: (scenarios: Scenario[]) => Scenario[]): Promise<boolean> {
    try {
      const saved = await deps.store.updateScenarios(change);
      if (!saved.ok) {
        error.value = saved.error;
        return false;
      }
      shared.setConfig(saved.config);
      return true;
    } catch (cause) {
      error.value = `could not save the scenario: ${messageOf(cause)}`;
      return false;
    }
  }

  return {
    form, error,
    ofSite: (siteId: string) => (shared.config.value?.scenarios ?? []).filter((s) => s.siteId === siteId),

    startNew(siteId: string) {
      error.value = undefined;
      form.value = { siteId, name: '', startPath: '', tickets: '', values: '{\n  \n}', presenter: false };
    },
    startEdit(scenario: Scenario) {
      error.value = undefined;
      form.value = {
        siteId: scenario.siteId, id: scenario.id, name: scenario.name, startPath: scenario.startPath ?? '',
        tickets: scenario.tickets.join(', '), values: JSON.stringify(scenario.values, null, 2), presenter: scenario.presenter === true,
      };
    },
    edit(change: Partial<ScenarioForm>) {
      if (form.value) form.value = { ...form.value, ...change };
    },
    cancel() {
      form.value = undefined;
      error.value = undefined;
    },
    async save(): Promise<void> {
      const typed = form.value;
      if (!typed) return;
      let values: ValuesTextResult;
      try {
        values = (await valuesReader.get())(typed.values);
      } catch (cause) {
        console.error('Flagtab: could not load the scenario checks', cause);
        error.value = `Flagtab could not load the code that checks scenarios (${messageOf(cause)}): reload the page and try again`;
        return;
      }
      if (!values.ok) {
        error.value = `Values: ${values.error}`;
        return;
      }
      const name = typed.name.trim();
      if (!name) {
        error.value = 'Name the scenario, like "New checkout, banner B".';
        return;
      }
      const startPath = typed.startPath.trim();
      const tickets = [...new Set(typed.tickets.split(',').map((t) => t.trim()).filter(Boolean))];
      const saved = await write((scenarios) => {
        const scenario: Scenario = {
          id: typed.id ?? scenarioId(name, scenarios.map((s) => s.id)),
          siteId: typed.siteId, name, tickets, values: values.values,
          ...(startPath ? { startPath } : {}),
          ...(typed.presenter ? { presenter: true } : {}),
        };
        return typed.id ? scenarios.map((s) => (s.id === typed.id ? scenario : s)) : [...scenarios, scenario];
      });
      if (saved) form.value = undefined;
    },
    async remove(id: string): Promise<void> {
      error.value = undefined;
      await write((scenarios) => scenarios.filter((s) => s.id !== id));
      if (form.value?.id === id) form.value = undefined;
    },
  };
}

export type ScenarioList = ReturnType<typeof createScenarioList>;
