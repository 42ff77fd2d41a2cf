import type { JsonValue } from '../../json';
import { callMethod, callOriginal, guard, hasMethods, isObj, read, wrapMethod } from './capture';
import { callHandlers, type SdkAdapter, type SdkContext } from './sdk';
import { detailOf } from './values';

/**
 * PostHog's browser SDK (posthog-js 1.x), found where its snippet and CDN bundles put it:
 * `window.posthog`.
 *
 * Observes and forces by wrapping the instance's getFeatureFlag, isFeatureEnabled and
 * getFeatureFlagPayload (the originals always run, so `$feature_flag_called` events report what
 * PostHog served). A boolean or string override is the flag's value (a string is a variant, and
 * the flag is on); any other JSON is its payload. After the overrides change, the bridge calls
 * the app's `onFeatureFlags` callbacks with PostHog's arguments, overrides included.
 *
 * Not through `posthog.featureFlags.overrideFeatureFlags`: PostHog persists those overrides
 * (`$override_feature_flags` in the instance's localStorage or cookie), so they would reach every
 * other tab of the site and outlive the page, and they replace the app's own overrides.
 */
export const attachPostHog: SdkAdapter = (posthog, ctx) => {
  if (!hasMethods(posthog, 'getFeatureFlag', 'isFeatureEnabled', 'onFeatureFlags')) return false;
  const observed = wrapMethod(posthog, 'getFeatureFlag', (original) => function (this: unknown, ...args: unknown[]) {
    const value = callOriginal(original, this, args);
    return guard(() => answer(ctx, 'getFeatureFlag', args[0], value, flagValueOf), value);
  });
  if (!observed) return false; // frozen or hostile: nothing to see, nothing to force
  wrapMethod(posthog, 'isFeatureEnabled', (original) => function (this: unknown, ...args: unknown[]) {
    const value = callOriginal(original, this, args);
    return guard(() => answer(ctx, 'isFeatureEnabled', args[0], value, (v) => enabledOf(v)), value);
  });
  wrapMethod(posthog, 'getFeatureFlagPayload', (original) => function (this: unknown, ...args: unknown[]) {
    const value = callOriginal(original, this, args);
    return guard(() => answer(ctx, 'getFeatureFlagPayload', args[0], value, payloadOf), value);
  });
  ctx.onForcedChange(() => fireFeatureFlags(posthog, ctx));
  return true;
};

/** What the app gets from `method`: the override when it stands for that method's answer, else PostHog's. */
function answer(ctx: SdkContext, method: string, key: unknown, own: unknown, pick: (override: JsonValue) => { value: unknown } | undefined): unknown {
  const wanted = ctx.forced(key);
  const forced = wanted === undefined ? undefined : pick(wanted.value);
  ctx.report({
    key,
    value: forced ? forced.value : own,
    forced: forced !== undefined,
    detail: detailOf(method, forced ? 'forced by Flagtab' : wanted && 'the override is not a value this method returns'),
  });
  return forced ? forced.value : own;
}

/** getFeatureFlag: a boolean, or a string (the variant). */
function flagValueOf(value: JsonValue): { value: boolean | string } | undefined {
  return typeof value === 'boolean' || typeof value === 'string' ? { value } : undefined;
}

/** isFeatureEnabled: a boolean as given; a variant means on. */
function enabledOf(value: JsonValue): { value: boolean } | undefined {
  const flag = flagValueOf(value);
  return flag && { value: flag.value !== false };
}

/** getFeatureFlagPayload: any JSON that is not a flag value. */
function payloadOf(value: JsonValue): { value: JsonValue } | undefined {
  return flagValueOf(value) ? undefined : { value };
}

/**
 * Calls the app's onFeatureFlags callbacks as PostHog's `_fireFeatureFlagsCallbacks` does:
 * (the flags that are on, their values), with the forced flag values in.
 */
function fireFeatureFlags(posthog: unknown, ctx: SdkContext): void {
  const flags = read(posthog, 'featureFlags');
  const handlers = read(flags, 'featureFlagEventHandlers');
  if (!Array.isArray(handlers)) {
    callMethod(flags, '_fireFeatureFlagsCallbacks'); // another version: its own emitter, its own arguments
    return;
  }
  const variants = new Map<string, unknown>();
  const own = callMethod(flags, 'getFlagVariants');
  if (isObj(own)) guard(() => Object.keys(own).forEach((key) => variants.set(key, own[key])), undefined);
  ctx.forcedAll().forEach((value, key) => {
    const flag = flagValueOf(value);
    if (flag) variants.set(key, flag.value);
  });
  const on = [...variants].filter(([, value]) => Boolean(value));
  const args = [on.map(([key]) => key), Object.fromEntries(on), { errorsLoading: false }];
  callHandlers(ctx, handlers.map((fn: unknown) => ({ fn })), args);
}
