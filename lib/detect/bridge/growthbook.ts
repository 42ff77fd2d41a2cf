import type { JsonValue } from '../../json';
import { callMethod, callOriginal, guard, hasMethods, isObj, read, wrapMethod, type AnyFunction } from './capture';
import type { SdkAdapter, SdkContext } from './sdk';
import { detailOf, jsonKind, mismatch, sameKind, toReportable } from './values';

/**
 * The GrowthBook JS SDK (@growthbook/growthbook 1.x), found where `enableDevMode: true` puts it
 * for GrowthBook's DevTools: `window._growthbook`.
 *
 * Observes by wrapping the instance's evalFeature (isOn, getFeatureValue and feature all call
 * it). Forces with the SDK's own forced features, merged over whatever the app forced itself;
 * setForcedFeatures re-runs the app's renderer, which is how GrowthBook apps re-render.
 */
export const attachGrowthBook: SdkAdapter = (gb, ctx) => {
  if (!hasMethods(gb, 'evalFeature', 'setForcedFeatures')) return false;
  const setForcedFeatures = read(gb, 'setForcedFeatures') as AnyFunction;
  /** The Map the app forced itself (GrowthBook's option or its own setForcedFeatures call). */
  let appForced: unknown = callMethod(gb, 'getForcedFeatures');
  /** What Flagtab forces now: overrides whose type fits the feature. */
  let ours = new Map<string, JsonValue>();

  const merged = (): Map<unknown, unknown> => {
    if (ours.size === 0 && appForced instanceof Map) return appForced;
    const map = new Map<unknown, unknown>();
    if (appForced instanceof Map) guard(() => appForced instanceof Map && appForced.forEach((value, key) => map.set(key, value)), undefined);
    ours.forEach((value, key) => map.set(key, value));
    return map;
  };

  const apply = (render: boolean) => {
    const next = new Map<string, JsonValue>();
    ctx.forcedAll().forEach((value, key) => fitsFeature(gb, key, value) && next.set(key, value));
    if (next.size === 0 && ours.size === 0) return; // nothing forced before or now: leave the app's map alone
    ours = next;
    const context = read(gb, 'context'); // the options object; "some tools depend on it", so minifiers keep the name
    if (!render && isObj(context)) {
      // While the constructor is still running (it stores window._growthbook), re-rendering the
      // app would call its renderer too early; the options object is what evalFeature reads.
      guard(() => (context.forcedFeatureValues = merged()), undefined);
    } else {
      guard(() => callOriginal(setForcedFeatures, gb, [merged()]), undefined);
    }
  };

  wrapMethod(gb, 'setForcedFeatures', (original) => function (this: unknown, ...args: unknown[]) {
    appForced = args[0];
    return callOriginal(original, this, ours.size === 0 ? args : [merged(), ...args.slice(1)]);
  });
  const observed = wrapMethod(gb, 'evalFeature', (original) => function (this: unknown, ...args: unknown[]) {
    const result = callOriginal(original, this, args);
    guard(() => report(ctx, gb, args[0], result, ours), undefined);
    return result;
  });
  if (!observed) return false; // frozen or hostile: nothing to see, nothing to force
  apply(false);
  ctx.onForcedChange(() => apply(true));
  return true;
};

function report(ctx: SdkContext, gb: unknown, key: unknown, result: unknown, ours: Map<string, JsonValue>): void {
  const source = read(result, 'source');
  const forced = source === 'override' && typeof key === 'string' && ours.has(key);
  const experiment = read(read(result, 'experiment'), 'key');
  const variation = read(read(result, 'experimentResult'), 'variationId');
  const wanted = ctx.forced(key);
  const known = defaultOf(gb, key);
  ctx.report({
    key,
    value: read(result, 'value'),
    forced,
    detail: forced
      ? 'forced by Flagtab'
      : detailOf(
          typeof source === 'string' && source,
          typeof experiment === 'string' && `experiment ${experiment}`,
          typeof variation === 'number' && `variation ${variation}`,
          wanted && !fitsFeature(gb, key, wanted.value) && known.value !== undefined && mismatch(wanted.value, jsonKind(known.value)),
        ),
  });
}

/** The feature's default value as the page's definitions give it. */
function defaultOf(gb: unknown, key: unknown) {
  const features = callMethod(gb, 'getFeatures');
  const has = typeof key === 'string' && isObj(features) && guard(() => Object.hasOwn(features, key), false);
  return toReportable(has ? read(read(features, key as string), 'defaultValue') : undefined);
}

/** GrowthBook does not type features; the default value says what the app expects. Unknown features take anything. */
function fitsFeature(gb: unknown, key: string | unknown, value: JsonValue): boolean {
  const known = defaultOf(gb, key);
  return known.value === undefined || sameKind(known.value, value);
}
