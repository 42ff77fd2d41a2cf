import type { JsonValue } from '../json';

/** What an override change answers: only what changed, not the whole catalogue again. */
export interface OverridesView {
  overrides: Record<string, JsonValue>;
  /** When each override was set (epoch ms): a page loaded before then cannot show it yet. */
  overrideSetAt?: Record<string, number>;
  /** When this tab's overrides switch themselves off (epoch ms). */
  expiresAt?: number;
}
