/**
 * OpenFeature (`@openfeature/server-sdk`): per-request overrides that win over any provider.
 *
 * A hook cannot do this on its own: the spec gives hooks the context before evaluation and a
 * read-only result after it (https://openfeature.dev/specification/sections/hooks), so a hook
 * cannot replace a value. Instead the middleware's decision travels in the transaction context
 * (https://openfeature.dev/docs/reference/concepts/evaluation-context#transaction-context-propagation),
 * and `withFlagtabOverrides` wraps your provider: an accepted override of the right type is the
 * answer; anything else goes to your provider unchanged.
 *
 * @example
 * OpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
 * await OpenFeature.setProviderAndWait(withFlagtabOverrides(yourProvider));
 * app.use(flagtab({ keys, hosts: ['shop.example.com'] }));
 * app.use((req, res, next) => OpenFeature.setTransactionContext(flagtabContext(req.flagtab), () => next()));
 */
import type { EvaluationContext, JsonValue, Logger, Provider, ResolutionDetails } from '@openfeature/server-sdk';
import type { RequestDecision } from './core';

export type { RequestDecision } from './core';

/** The evaluation-context attribute that carries accepted overrides. */
export const FLAGTAB_CONTEXT_KEY = 'flagtabOverrides';
/** The `reason` of an evaluation answered by an override. */
export const FLAGTAB_REASON = 'FLAGTAB_OVERRIDE';

/** The transaction context for one request: its accepted overrides, or none. */
export function flagtabContext(decision: RequestDecision | undefined): EvaluationContext {
  return decision?.status === 'accepted' ? { [FLAGTAB_CONTEXT_KEY]: decision.values as JsonValue } : {};
}

type Kind = 'boolean' | 'string' | 'number' | 'object';

/** The accepted override for a flag from the context, if it has the type asked for. */
function overrideOf(context: EvaluationContext, flagKey: string, kind: Kind): { value: unknown } | undefined {
  const values = context[FLAGTAB_CONTEXT_KEY];
  if (values === null || typeof values !== 'object' || Array.isArray(values) || values instanceof Date) return undefined;
  // The values are a null-prototype record from the verifier: an own-property check, never `in`.
  if (!Object.hasOwn(values, flagKey)) return undefined;
  const value = (values as Record<string, unknown>)[flagKey];
  const fits = kind === 'object' ? value !== null && typeof value === 'object' : typeof value === kind;
  return fits ? { value } : undefined;
}

/**
 * Wraps a server provider so accepted overrides win. Events, hooks, start-up and shutdown are
 * the wrapped provider's own.
 */
export function withFlagtabOverrides(provider: Provider): Provider {
  const answer = <T>(value: unknown): ResolutionDetails<T> => ({ value: value as T, reason: FLAGTAB_REASON, variant: 'flagtab-override' });
  const wrapped: Provider = {
    metadata: { name: `flagtab(${provider.metadata.name})` },
    runsOn: 'server',
    get hooks() { return provider.hooks; },
    get events() { return provider.events; },
    resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext, logger: Logger) {
      const o = overrideOf(context, flagKey, 'boolean');
      return o ? Promise.resolve(answer<boolean>(o.value)) : provider.resolveBooleanEvaluation(flagKey, defaultValue, context, logger);
    },
    resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext, logger: Logger) {
      const o = overrideOf(context, flagKey, 'string');
      return o ? Promise.resolve(answer<string>(o.value)) : provider.resolveStringEvaluation(flagKey, defaultValue, context, logger);
    },
    resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext, logger: Logger) {
      const o = overrideOf(context, flagKey, 'number');
      return o ? Promise.resolve(answer<number>(o.value)) : provider.resolveNumberEvaluation(flagKey, defaultValue, context, logger);
    },
    resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext, logger: Logger) {
      const o = overrideOf(context, flagKey, 'object');
      return o ? Promise.resolve(answer<T>(o.value)) : provider.resolveObjectEvaluation(flagKey, defaultValue, context, logger);
    },
  };
  if (provider.initialize) wrapped.initialize = provider.initialize.bind(provider);
  if (provider.onClose) wrapped.onClose = provider.onClose.bind(provider);
  return wrapped;
}
