import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { describeIssues } from '../schema-issues';
import type { JsonValue } from '../json-value';
import type { Scenario } from './scenario';
import { deferred } from '../lazy-schema';

/** The zod side of scenario.ts: what the configuration, its file and the messages accept. */

const FlagKey = deferred(() => z.string().check(z.minLength(1), z.maxLength(256)));
/** A scenario of more flags than this is a flags file, not a scenario. */
export const MAX_SCENARIO_VALUES = 500;

/**
 * Flag key → value. A null-prototype record (keys come from providers and imported files);
 * zod cannot describe that in JSON Schema by itself, so the meta says what it accepts.
 */
export const ScenarioValuesSchema = deferred(() => DictSchema(JsonValueSchema, FlagKey).check(
  z.refine((values) => Object.keys(values).length > 0, 'must set at least one flag'),
  z.refine((values) => Object.keys(values).length <= MAX_SCENARIO_VALUES, `must set at most ${MAX_SCENARIO_VALUES} flags`),
  z.meta({
    type: 'object',
    minProperties: 1,
    maxProperties: MAX_SCENARIO_VALUES,
    propertyNames: { minLength: 1, maxLength: 256 },
    description: 'Flag key → the value the scenario overrides it to (any JSON value).',
  }),
));

export const ScenarioNameSchema = deferred(() => z.string().check(z.trim(), z.minLength(1, 'name the scenario'), z.maxLength(100, 'must be at most 100 characters')));
export const TicketKeySchema = deferred(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));
/** A path on the site, opened when the scenario is applied. */
export const StartPathSchema = deferred(() => z
  .string()
  .check(z.trim(), z.maxLength(2000), z.regex(/^\/(?!\/)\S*$/, 'must be a path on the site starting with "/", like "/checkout"')));

export const ScenarioSchema = deferred(() => z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes'), z.describe('Stable id of the scenario.')),
  siteId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be the id of a site in this configuration'), z.describe('The site the scenario is for.')),
  name: ScenarioNameSchema.check(z.describe('The name testers see, e.g. "New checkout, banner B".')),
  startPath: z.optional(StartPathSchema).check(z.describe('A path on the site opened when the scenario is applied, e.g. "/checkout".')),
  tickets: z._default(z.array(TicketKeySchema).check(z.maxLength(50)), []).check(z.describe('Ticket keys the scenario belongs to, e.g. "SHOP-142".')),
  values: ScenarioValuesSchema,
  presenter: z.optional(z.boolean()).check(z.describe('One of the scenarios the presenter shortcut cycles through (when none of a site\'s is marked, it cycles through them all).')),
}) satisfies z.ZodMiniType<Scenario, unknown>);

export const ScenariosSchema = deferred(() => z._default(z.array(ScenarioSchema).check(z.maxLength(1000)), [])
  .check(z.describe('Named override sets per site (scenarios), applied in one click from the popup.')));

export interface ScenarioConflict {
  path: (string | number)[];
  message: string;
}

/**
 * The rules that hold across the configuration: a scenario's site exists, ids are unique.
 *
 * @example findScenarioConflicts([{ id: 'a', siteId: 'gone' }], ['shop']) // [{ path: ['scenarios', 0, 'siteId'], … }]
 */
export function findScenarioConflicts(scenarios: readonly { id?: unknown; siteId?: unknown }[], siteIds: readonly string[]): ScenarioConflict[] {
  const sites = new Set(siteIds);
  const seen = new Set<unknown>();
  const conflicts: ScenarioConflict[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    if (typeof scenario.siteId === 'string' && !sites.has(scenario.siteId)) {
      conflicts.push({ path: ['scenarios', index, 'siteId'], message: `no site has the id "${scenario.siteId}": add the site, or remove the scenario` });
    }
    if (seen.has(scenario.id)) conflicts.push({ path: ['scenarios', index, 'id'], message: `another scenario already has the id "${String(scenario.id)}"` });
    seen.add(scenario.id);
  }
  return conflicts;
}

export type ValuesTextResult = { ok: true; values: Record<string, JsonValue> } | { ok: false; error: string };

/**
 * Reads a scenario's values typed by hand as JSON (the options page's textarea).
 *
 * @example parseValuesText('{ "new-checkout": true }') // { ok: true, values: { 'new-checkout': true } }
 */
export function parseValuesText(text: string): ValuesTextResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, error: `not valid JSON (${error.message}): write an object like { "new-checkout": true, "hero-banner": "b" }` };
  }
  const parsed = ScenarioValuesSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${describeIssues(parsed.error.issues)} — write an object like { "new-checkout": true, "hero-banner": "b" }` };
  return { ok: true, values: parsed.data };
}
