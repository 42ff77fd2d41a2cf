import { callMethod, callOriginal, guard, hasMethods, isObj, read, wrapMethod, type AnyFunction } from './capture';
import type { SdkAdapter, SdkContext } from './sdk';
import { detailOf, fits, mismatch, type AskedKind } from './values';

/**
 * The OpenFeature web SDK (@openfeature/web-sdk). Its API is a singleton kept on globalThis
 * under this symbol (OpenFeatureAPI.getInstance), shared by every copy of the SDK in the page.
 */
export const OPENFEATURE_API_KEY = Symbol.for('@openfeature/web-sdk/api');

/** ClientProviderEvents.ConfigurationChanged: clients re-evaluate (and React re-renders) on it. */
const CONFIGURATION_CHANGED = 'PROVIDER_CONFIGURATION_CHANGED';
/** flagMetadata entry that tells our hook the provider wrapper answered with the override. */
const FORCED_MARK = 'flagtabForced';
const RESOLVERS: Record<string, AskedKind> = {
  resolveBooleanEvaluation: 'boolean',
  resolveStringEvaluation: 'string',
  resolveNumberEvaluation: 'number',
  resolveObjectEvaluation: 'object',
};

/**
 * Observes through an API-level hook (every client's evaluations pass it) and forces by wrapping
 * the resolve methods of the providers the page sets: an overridden key resolves to the override
 * with reason STATIC, the rest go to the page's provider untouched.
 */
export const attachOpenFeature: SdkAdapter = (api, ctx) => {
  if (!hasMethods(api, 'addHooks', 'getClient')) return false;
  const addHooks = read(api, 'addHooks') as AnyFunction;
  const hook = createHook(ctx);
  if (!guard(() => (callOriginal(addHooks, api, [hook]), true), false)) return false;
  // clearHooks drops ours too; put it back so an app resetting its own hooks stays observed.
  wrapMethod(api, 'clearHooks', (original) => function (this: unknown, ...args: unknown[]) {
    const result = callOriginal(original, this, args);
    guard(() => callOriginal(addHooks, api, [hook]), undefined);
    return result;
  });

  const patched = new WeakSet<object>();
  const patch = (provider: unknown) => patchProvider(provider, ctx, patched);
  for (const name of ['setProvider', 'setProviderAndWait']) {
    wrapMethod(api, name, (original) => function (this: unknown, ...args: unknown[]) {
      args.forEach(patch); // the domain (a string) is skipped: only providers have resolvers
      return callOriginal(original, this, args);
    });
  }
  activeProviders(api).forEach(patch);

  ctx.onForcedChange((keys) => {
    for (const provider of activeProviders(api)) {
      patch(provider);
      // The SDK relays a provider's events to every client bound to it (transferListeners).
      callMethod(read(provider, 'events'), 'emit', CONFIGURATION_CHANGED, { flagsChanged: keys });
    }
  });
  return true;
};

/** The default provider, then the domain-scoped ones (an internal map; absent in other versions). */
function activeProviders(api: unknown): unknown[] {
  const providers = [callMethod(api, 'getProvider')];
  callMethod(read(api, '_domainScopedProviders'), 'forEach', (wrapper: unknown) => providers.push(read(wrapper, 'provider')));
  return providers.filter(isObj);
}

function patchProvider(provider: unknown, ctx: SdkContext, patched: WeakSet<object>): void {
  if (!isObj(provider) || patched.has(provider) || !hasMethods(provider, 'resolveBooleanEvaluation')) return;
  patched.add(provider);
  for (const [method, kind] of Object.entries(RESOLVERS)) {
    wrapMethod(provider, method, (original) => function (this: unknown, ...args: unknown[]) {
      const forced = ctx.forced(args[0]);
      if (forced && fits(kind, forced.value)) {
        return { value: forced.value, reason: 'STATIC', variant: 'flagtab-override', flagMetadata: { [FORCED_MARK]: true } };
      }
      return callOriginal(original, this, args);
    });
  }
}

/**
 * An API hook. A hook that throws in `after` turns the evaluation into an error with the
 * default value, so every line here is guarded.
 */
function createHook(ctx: SdkContext) {
  const note = (hookContext: unknown): string | undefined => {
    const forced = ctx.forced(read(hookContext, 'flagKey'));
    const asked = read(hookContext, 'flagValueType');
    return forced && isEvaluationKind(asked) && !fits(asked, forced.value) ? mismatch(forced.value, asked) : undefined;
  };
  return {
    after(hookContext: unknown, details: unknown): void {
      guard(() => {
        const forced = read(read(details, 'flagMetadata'), FORCED_MARK) === true;
        const variant = read(details, 'variant');
        ctx.report({
          key: read(hookContext, 'flagKey'),
          value: read(details, 'value'),
          forced,
          detail: forced
            ? detailOf(providerName(hookContext), 'forced by Flagtab')
            : detailOf(providerName(hookContext), text(read(details, 'reason')), typeof variant === 'string' && `variant ${variant}`, note(hookContext)),
        });
      }, undefined);
    },
    error(hookContext: unknown, error: unknown): void {
      guard(() => {
        const code = text(read(error, 'code')) ?? text(read(error, 'name')) ?? 'error';
        ctx.report({
          key: read(hookContext, 'flagKey'),
          value: read(hookContext, 'defaultValue'),
          detail: detailOf(providerName(hookContext), `${code}: the app got its default`, note(hookContext)),
        });
      }, undefined);
    },
  };
}

function isEvaluationKind(value: unknown): value is AskedKind {
  return value === 'boolean' || value === 'string' || value === 'number' || value === 'object';
}

function providerName(hookContext: unknown): string | undefined {
  return text(read(read(hookContext, 'providerMetadata'), 'name'));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
