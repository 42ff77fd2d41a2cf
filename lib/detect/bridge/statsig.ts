import type { JsonValue } from '../../json';
import { callMethod, callOriginal, guard, isObj, read, trapGlobal, wrapMethodWhenSet, type AnyFunction } from './capture';
import type { SdkAdapter, SdkContext } from './sdk';
import { detailOf, jsonKind, mismatch } from './values';

/** Where @statsig/client-core keeps its instance registry on the page (`$_StatsigGlobal`). */
export const STATSIG_GLOBAL = '__STATSIG__';
/** The reason a forced gate or config carries in its evaluation details, as Statsig's LocalOverrideAdapter says "LocalOverride:Recognized". */
const FORCED_REASON = 'Flagtab:Override';

const GETTERS = [
  { method: 'getFeatureGate', kind: 'gate' },
  { method: 'getExperiment', kind: 'experiment' },
  { method: 'getDynamicConfig', kind: 'dynamic config' },
] as const;

/**
 * Statsig's JS client (@statsig/js-client 3.x), found through the registry every Statsig client
 * adds itself to: `window.__STATSIG__` (`instances` by SDK key, and `firstInstance`).
 *
 * Observes and forces by wrapping each client's getFeatureGate, getExperiment and
 * getDynamicConfig (checkGate reads getFeatureGate). The originals always run, LocalOverrideAdapter
 * included, so exposures and the app's own local overrides stay as they were; a boolean override
 * answers a gate, an object override an experiment or dynamic config (its `get` reads the
 * override). After the overrides change, each client emits its own `values_updated`.
 *
 * Not through the page's LocalOverrideAdapter: one made with an SDK key writes its overrides to
 * localStorage, so they would reach every tab of the site and outlive the page, and the client
 * memoises evaluations it would not re-run until its private cache is cleared.
 */
export const attachStatsig: SdkAdapter = (registry, ctx) => {
  if (!isObj(registry) || typeof read(registry, 'instance') !== 'function') return false;
  const hooked = new WeakSet<object>();
  const hook = (client: unknown) => guard(() => hookClient(client, ctx, hooked), undefined);
  const hookAll = (instances: unknown) => {
    if (isObj(instances)) guard(() => Object.keys(instances), [] as string[]).forEach((key) => hook(read(instances, key)));
  };
  // A client registers itself from its constructor: `instances[sdkKey] = client`, then
  // `registry.instances = instances` (and firstInstance for the first).
  trapGlobal(registry, 'firstInstance', hook);
  trapGlobal(registry, 'instances', hookAll);
  return true;
};

function hookClient(client: unknown, ctx: SdkContext, hooked: WeakSet<object>): void {
  if (!isObj(client) || hooked.has(client) || typeof read(client, 'checkGate') !== 'function') return;
  hooked.add(client);
  for (const { method, kind } of GETTERS) {
    wrapMethodWhenSet(client, method, (original) => function (this: unknown, ...args: unknown[]) {
      const result = callOriginal(original, this, args);
      return guard(() => answer(ctx, kind, args[0], result), result);
    });
  }
  ctx.onForcedChange(() => {
    const values = read(callMethod(client, 'getContext'), 'values') ?? null;
    const emit = read(client, '$emt'); // the client's own emitter; it catches what listeners throw
    if (typeof emit !== 'function') return;
    try {
      callOriginal(emit as AnyFunction, client, [{ name: 'values_updated', status: read(client, 'loadingStatus'), values }]);
    } catch (error) {
      ctx.pageError(error);
    }
  });
}

function answer(ctx: SdkContext, kind: (typeof GETTERS)[number]['kind'], key: unknown, result: unknown): unknown {
  const wanted = ctx.forced(key);
  const fits = wanted !== undefined && (kind === 'gate' ? typeof wanted.value === 'boolean' : jsonKind(wanted.value) === 'object');
  const details = read(result, 'details');
  const reason = read(details, 'reason');
  const group = read(result, 'groupName');
  ctx.report({
    key,
    value: fits ? wanted.value : read(result, 'value'),
    forced: fits,
    detail: fits
      ? detailOf(kind, 'forced by Flagtab')
      : detailOf(kind, typeof reason === 'string' && reason, typeof group === 'string' && `group ${group}`, wanted && mismatch(wanted.value, kind === 'gate' ? 'boolean' : 'object')),
  });
  if (!fits || !isObj(result)) return result;
  const forced: Record<string, unknown> = { ...result, value: wanted.value, details: { ...(isObj(details) ? details : {}), reason: FORCED_REASON } };
  if (kind !== 'gate') forced.get = typedGet(wanted.value);
  return forced;
}

/**
 * `config.get(param, fallback)` over a forced value, as Statsig's `_makeTypedGet`: the param,
 * or the fallback when the param is missing or not of the fallback's type.
 *
 * @example typedGet({ variant: 'c' })('variant', 'a') === 'c'; typedGet({ count: 10 })('count', 'x') === 'x'
 */
export function typedGet(value: JsonValue) {
  return (param: unknown, fallback?: unknown): unknown => {
    const has = isObj(value) && typeof param === 'string' && Object.hasOwn(value, param);
    const found = has ? (value as Record<string, unknown>)[param as string] : undefined;
    if (found === undefined || found === null) return fallback ?? null;
    const same = fallback === undefined || fallback === null || (Array.isArray(fallback) ? Array.isArray(found) : typeof found === typeof fallback);
    return same ? found : fallback;
  };
}
