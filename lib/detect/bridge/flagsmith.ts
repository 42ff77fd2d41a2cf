import type { JsonValue } from '../../json';
import { callOriginal, guard, hasMethods, read, wrapMethod, type AnyFunction } from './capture';
import type { SdkAdapter, SdkContext } from './sdk';
import { detailOf, kindOf, mismatch, sameKind } from './values';

/**
 * Flagsmith's JS client (flagsmith 10.x), found where its browser bundle puts its instance:
 * `window.flagsmith`.
 *
 * Observes and forces by wrapping hasFeature and getValue (the originals always run, so
 * Flagsmith's analytics count what it served). A boolean override answers hasFeature; any other
 * value answers getValue (when it has the kind of the flag's own value, or the flag has none) and
 * turns the feature on. After the overrides change, the bridge runs the client's own change path
 * (`_onChange`, which calls the app's `onChange` and the React provider's trigger), as a fetch
 * that changed those flags would.
 */
export const attachFlagsmith: SdkAdapter = (flagsmith, ctx) => {
  if (!hasMethods(flagsmith, 'hasFeature', 'getValue', 'init')) return false;
  const observed = wrapMethod(flagsmith, 'hasFeature', (original) => function (this: unknown, ...args: unknown[]) {
    const enabled = callOriginal(original, this, args);
    return guard(() => {
      const wanted = ctx.forced(args[0]);
      const value = wanted === undefined ? enabled : enabledFor(wanted.value);
      ctx.report({ key: args[0], value, forced: wanted !== undefined, detail: detailOf('hasFeature', wanted && 'forced by Flagtab') });
      return value;
    }, enabled);
  });
  if (!observed) return false; // frozen or hostile: nothing to see, nothing to force
  wrapMethod(flagsmith, 'getValue', (original) => function (this: unknown, ...args: unknown[]) {
    const own = callOriginal(original, this, args);
    return guard(() => answerValue(ctx, args[0], own), own);
  });
  ctx.onForcedChange((keys) => announce(flagsmith, ctx, keys));
  return true;
};

/** hasFeature under an override: a boolean as given, null is off, any value means on. */
function enabledFor(value: JsonValue): boolean {
  return typeof value === 'boolean' ? value : value !== null;
}

function answerValue(ctx: SdkContext, key: unknown, own: unknown): unknown {
  const wanted = ctx.forced(key);
  // A boolean override is meant for hasFeature unless the flag's value is itself a boolean.
  const usable = wanted !== undefined && (typeof wanted.value === 'boolean' ? typeof own === 'boolean' : own === null || sameKind(own, wanted.value));
  const ownKind = kindOf(own);
  ctx.report({
    key,
    value: usable ? wanted.value : own,
    forced: usable,
    detail: detailOf('getValue', usable ? 'forced by Flagtab' : wanted && typeof wanted.value !== 'boolean' && ownKind && mismatch(wanted.value, ownKind)),
  });
  return usable ? wanted.value : own;
}

/**
 * Tells the app the flags changed, with Flagsmith's arguments: (previous flags, { isFromServer,
 * flagsChanged, traitsChanged }, loading state). `_onChange` is the client's own path; a
 * version without it gets the app's `onChange` alone.
 */
function announce(flagsmith: unknown, ctx: SdkContext, keys: string[]): void {
  const change = read(flagsmith, '_onChange');
  const handler = typeof change === 'function' ? change : read(flagsmith, 'onChange');
  if (typeof handler !== 'function') return;
  const args = [read(flagsmith, 'flags') ?? null, { isFromServer: false, flagsChanged: keys, traitsChanged: null }, read(flagsmith, 'loadingState')];
  try {
    callOriginal(handler as AnyFunction, flagsmith, args);
  } catch (error) {
    ctx.pageError(error); // the app's onChange threw
  }
}
