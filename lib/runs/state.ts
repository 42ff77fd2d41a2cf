import { z } from '../zod';
import { JsonValueSchema } from '../json';
import { DictSchema } from '../dict-schema';
import { STORED } from '../storage/keys';

/**
 * A run as `storage.session` keeps it (STORED.run): enough to go on after the service worker
 * was stopped mid-run, and to tell the popup how far it got. One run at a time: a capture needs
 * the tab in front, and two runs would fight over it.
 */
export const RUN_KEY = STORED.run.key;

const ReportedSchema = z.object({ value: z.optional(JsonValueSchema), source: z.string() });

export const StepResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    index: z.number().check(z.int(), z.nonnegative()),
    at: z.number(),
    /** False when the page kept loading past the bound: captured anyway, and said so. */
    settled: z.boolean(),
    /** flag key → what the page reported it used (the value, and the source that said so). */
    reported: DictSchema(ReportedSchema),
  }),
  z.object({ ok: z.literal(false), index: z.number().check(z.int(), z.nonnegative()), at: z.number(), reason: z.string() }),
]);
export type StepResult = z.infer<typeof StepResultSchema>;
export type Reported = z.infer<typeof ReportedSchema>;

export const RUN_STATUSES = ['running', 'paused', 'cancelling', 'done', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RunStateSchema = z.object({
  id: z.string().check(z.minLength(1)),
  tabId: z.number().check(z.int(), z.nonnegative()),
  siteId: z.string().check(z.minLength(1)),
  /** "All variants of hero-banner", "Pairwise over 3 flags". */
  label: z.string(),
  steps: z.array(DictSchema(JsonValueSchema)),
  /** The step to run next; a step cut short by a stopped worker runs again. */
  next: z.number().check(z.int(), z.nonnegative()),
  status: z.enum(RUN_STATUSES),
  /** The tab's overrides on the site before the run: put back when it ends. */
  before: DictSchema(JsonValueSchema),
  results: z.array(StepResultSchema),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
  /** Why the run ended early (the tab closed), or what could not be put back. */
  note: z.optional(z.string()),
});
export type RunState = z.infer<typeof RunStateSchema>;

/** What the popup and the gallery are told about a run. */
export interface RunView {
  id: string;
  tabId: number;
  label: string;
  status: RunStatus;
  total: number;
  finished: number;
  failed: number;
  note?: string;
}

export function runView(run: RunState): RunView {
  return {
    id: run.id, tabId: run.tabId, label: run.label, status: run.status, total: run.steps.length,
    finished: run.results.length, failed: run.results.filter((r) => !r.ok).length,
    ...(run.note ? { note: run.note } : {}),
  };
}
