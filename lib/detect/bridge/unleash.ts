import type { JsonValue } from '../../json';
import { callOriginal, guard, hasMethods, isObj, read, wrapMethod, type AnyFunction } from './capture';
import type { SdkAdapter } from './sdk';
import { detailOf, mismatch } from './values';

/** The variant unleash-proxy-client returns for a flag that is off or unknown. */
const DISABLED = { name: 'disabled', enabled: false, feature_enabled: false };
const stringify = JSON.stringify;
const parse = JSON.parse;

/**
 * Unleash's browser SDK (unleash-proxy-client 3.x), found where the page exposes its client as
 * `window.unleash` or `window.unleashClient`.
 *
 * Observes and forces by wrapping isEnabled and getVariant on the instance. The originals
 * always run (the SDK's metrics and impression events stay as they were); only the answer
 * changes. After the overrides change the client emits its own 'update', which apps already
 * re-render on.
 *
 * Values are reported as lib/providers/unleash/normalise.ts describes the same flags in the
 * catalogue: isEnabled → a boolean; getVariant → the payload typed by its type, else the
 * variant's name, and "disabled" for the disabled variant.
 */
export const attachUnleash: SdkAdapter = (client, ctx) => {
  if (!hasMethods(client, 'isEnabled', 'getVariant')) return false;
  const observed = wrapMethod(client, 'isEnabled', (original) => function (this: unknown, ...args: unknown[]) {
    const enabled = callOriginal(original, this, args);
    return guard(() => {
      const wanted = ctx.forced(args[0]);
      const value = wanted ? enabledFor(wanted.value) : enabled;
      ctx.report({ key: args[0], value, forced: wanted !== undefined, detail: wanted ? 'isEnabled · forced by Flagtab' : 'isEnabled' });
      return value;
    }, enabled);
  });
  const variants = wrapMethod(client, 'getVariant', (original) => function (this: unknown, ...args: unknown[]) {
    const variant = callOriginal(original, this, args);
    return guard(() => {
      const wanted = ctx.forced(args[0]);
      // `true` names no variant: the SDK's own variant stays.
      const forced = wanted !== undefined && wanted.value !== true;
      const result = forced ? variantFor(wanted.value) : variant;
      const name = read(result, 'name');
      ctx.report({
        key: args[0],
        value: variantValue(result),
        forced,
        detail: detailOf('getVariant', forced ? 'forced by Flagtab' : typeof name === 'string' && `variant ${name}`, wanted && !forced && mismatch(wanted.value, 'variant')),
      });
      return result;
    }, variant);
  });
  if (!observed && !variants) return false; // frozen or hostile: nothing to see, nothing to force
  ctx.onForcedChange(() => {
    const emit = read(client, 'emit'); // TinyEmitter's: it calls the listeners in turn
    if (typeof emit !== 'function') return;
    try {
      callOriginal(emit as AnyFunction, client, ['update']);
    } catch (error) {
      ctx.pageError(error); // an app's 'update' listener threw
    }
  });
  return true;
};

/** isEnabled under an override: a boolean as given; "disabled" (the off value of variant flags) is off; any other value means on. */
function enabledFor(value: JsonValue): boolean {
  if (typeof value === 'boolean') return value;
  return value !== 'disabled';
}

/**
 * The variant the app gets for an override: named after a string override (and carrying it as
 * its payload), "flagtab-override" with a number or JSON payload otherwise.
 *
 * @example variantFor('Bold') // { name: 'Bold', enabled: true, feature_enabled: true, payload: { type: 'string', value: 'Bold' } }
 */
export function variantFor(value: JsonValue): Record<string, unknown> {
  if (value === false || value === 'disabled') return { ...DISABLED };
  const payload =
    typeof value === 'string' ? { type: 'string', value } : typeof value === 'number' ? { type: 'number', value: String(value) } : { type: 'json', value: stringify(value) };
  return { name: typeof value === 'string' ? value : 'flagtab-override', enabled: true, feature_enabled: true, payload };
}

/** @example variantValue({ name: 'low', enabled: true, payload: { type: 'number', value: '9.99' } }) === 9.99 */
export function variantValue(variant: unknown): unknown {
  if (!isObj(variant) || read(variant, 'enabled') === false) return 'disabled';
  const payload = read(variant, 'payload');
  const type = read(payload, 'type');
  const value = read(payload, 'value');
  if (typeof value !== 'string') return read(variant, 'name');
  if (type === 'number') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  if (type === 'json') return guard(() => parse(value) as unknown, value);
  return value;
}
