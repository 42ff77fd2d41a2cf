import type { JsonValue } from '../../json';
import type { SeenEvaluation } from './batch';
import { callOriginal, type AnyFunction } from './capture';

/** What the bridge gives each SDK adapter: where to report, and what to force. */
export interface SdkContext {
  /** One evaluation the SDK made in the page. */
  report(seen: SeenEvaluation): void;
  /** The tab's override for `key` when overrides are forced into the page's SDKs; else undefined. */
  forced(key: unknown): { value: JsonValue } | undefined;
  /** Every override to force now (a copy); empty when overrides are not forced. */
  forcedAll(): Map<string, JsonValue>;
  /** `listener` gets the keys whose forced value was added, changed or removed. */
  onForcedChange(listener: (keys: string[]) => void): void;
  /** A page callback the bridge called (a change handler) threw: reported like an uncaught error, never rethrown. */
  pageError(error: unknown): void;
}

/**
 * Hooks one SDK object the page exposed. Returns false when `sdk` is not that SDK (the page
 * stored something else under the same name), true once it observes it.
 */
export type SdkAdapter = (sdk: unknown, ctx: SdkContext) => boolean;

/** Calls page handlers the way an SDK's emitter would, without letting one's error escape. */
export function callHandlers(ctx: SdkContext, handlers: Iterable<{ fn: unknown; self?: unknown }>, args: unknown[]): void {
  for (const { fn, self } of [...handlers]) {
    if (typeof fn !== 'function') continue;
    try {
      callOriginal(fn as AnyFunction, self, args);
    } catch (error) {
      ctx.pageError(error);
    }
  }
}
