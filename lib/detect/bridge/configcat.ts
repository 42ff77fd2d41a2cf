import { callMethod, callOriginal, guard, hasMethods, isObj, read, wrapMethod } from './capture';
import { callHandlers, type SdkAdapter, type SdkContext } from './sdk';
import { detailOf, kindOf, mismatch, sameKind } from './values';

/** Where pages expose their ConfigCat client for Flagtab: configcat-js has no global of its own. */
export const CONFIGCAT_GLOBAL = 'configcatClient';

/**
 * ConfigCat's JS SDK (configcat-js 9.x), found where the page exposes its client as
 * `window.configcatClient` (`configcat.getClient(…)` returns it; the SDK keeps no global).
 *
 * Observes and forces by wrapping getValueAsync and getValueDetailsAsync, and getValue and
 * getValueDetails on every snapshot() the client hands out. The originals always run (the
 * `flagEvaluated` hook reports what ConfigCat served); an override is used when it has the type
 * of the app's default value, as ConfigCat requires of a setting. After the overrides change,
 * the bridge calls the app's `configChanged` listeners with the client's current config.
 * getAllValuesAsync and getAllValueDetailsAsync are neither observed nor forced.
 */
export const attachConfigCat: SdkAdapter = (client, ctx) => {
  if (!hasMethods(client, 'getValueAsync', 'snapshot', 'listeners')) return false;
  const observed = wrapMethod(client, 'getValueAsync', (original) => function (this: unknown, ...args: unknown[]) {
    const pending = callOriginal(original, this, args);
    return later(pending, (value) => answer(ctx, 'getValueAsync', args, value));
  });
  if (!observed) return false; // frozen or hostile: nothing to see, nothing to force
  wrapMethod(client, 'getValueDetailsAsync', (original) => function (this: unknown, ...args: unknown[]) {
    const pending = callOriginal(original, this, args);
    return later(pending, (details) => answerDetails(ctx, 'getValueDetailsAsync', args, details));
  });
  wrapMethod(client, 'snapshot', (original) => function (this: unknown, ...args: unknown[]) {
    const snapshot = callOriginal(original, this, args);
    guard(() => hookSnapshot(snapshot, ctx), undefined);
    return snapshot;
  });
  ctx.onForcedChange(() => {
    const config = read(callMethod(client, 'snapshot'), 'fetchedConfig') ?? null;
    const listeners = callMethod(client, 'listeners', 'configChanged');
    if (Array.isArray(listeners)) callHandlers(ctx, listeners.map((fn: unknown) => ({ fn, self: client })), [config]);
  });
  return true;
};

function hookSnapshot(snapshot: unknown, ctx: SdkContext): void {
  wrapMethod(snapshot, 'getValue', (original) => function (this: unknown, ...args: unknown[]) {
    const value = callOriginal(original, this, args);
    return guard(() => answer(ctx, 'snapshot.getValue', args, value), value);
  });
  wrapMethod(snapshot, 'getValueDetails', (original) => function (this: unknown, ...args: unknown[]) {
    const details = callOriginal(original, this, args);
    return guard(() => answerDetails(ctx, 'snapshot.getValueDetails', args, details), details);
  });
}

/** `pending.then(change)`, where change never rejects: a change that throws leaves the SDK's value. */
function later(pending: unknown, change: (value: unknown) => unknown): unknown {
  const then = read(pending, 'then');
  if (typeof then !== 'function') return pending;
  return guard(() => callOriginal(then as (this: unknown, ...args: unknown[]) => unknown, pending, [(value: unknown) => guard(() => change(value), value)]), pending);
}

/** The override for (key, defaultValue) when it has the default's type (or the served value's, without a default). */
function fitting(ctx: SdkContext, args: unknown[], served: unknown) {
  const [key, defaultValue] = args;
  const wanted = ctx.forced(key);
  const typed = defaultValue === null || defaultValue === undefined ? served : defaultValue;
  const known = kindOf(typed);
  const fits = wanted !== undefined && wanted.value !== null && typeof wanted.value !== 'object' && sameKind(typed, wanted.value);
  return { key, wanted, fits, note: wanted && !fits && known ? mismatch(wanted.value, known) : undefined };
}

function answer(ctx: SdkContext, method: string, args: unknown[], value: unknown): unknown {
  const { key, wanted, fits, note } = fitting(ctx, args, value);
  ctx.report({ key, value: fits ? wanted!.value : value, forced: fits, detail: detailOf(method, fits ? 'forced by Flagtab' : note) });
  return fits ? wanted!.value : value;
}

function answerDetails(ctx: SdkContext, method: string, args: unknown[], details: unknown): unknown {
  const { key, wanted, fits, note } = fitting(ctx, args, read(details, 'value'));
  const variation = read(details, 'variationId');
  ctx.report({
    key,
    value: fits ? wanted!.value : read(details, 'value'),
    forced: fits,
    detail: fits ? detailOf(method, 'forced by Flagtab') : detailOf(method, typeof variation === 'string' && `variation ${variation}`, note),
  });
  if (!fits || !isObj(details)) return details;
  return { ...details, value: wanted!.value, isDefaultValue: false, variationId: undefined, matchedTargetingRule: undefined, matchedPercentageOption: undefined };
}
