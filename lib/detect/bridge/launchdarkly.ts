import type { JsonValue } from '../../json';
import { callOriginal, guard, hasMethods, read, wrapMethod } from './capture';
import { callHandlers, type SdkAdapter, type SdkContext } from './sdk';
import { detailOf, kindOf, mismatch, sameKind } from './values';

/** Values remembered per client for change events; more keys than this are not remembered. */
const REMEMBERED_KEYS = 2000;

interface Handler {
  event: string;
  fn: unknown;
  self: unknown;
}

/**
 * LaunchDarkly's browser SDK (launchdarkly-js-client-sdk 3.x), found where the page exposes its
 * client as `window.ldClient`.
 *
 * Observes and forces by wrapping variation and variationDetail (allFlags shows forced values
 * too). The originals always run, so LaunchDarkly's events report what LaunchDarkly served.
 * An override is used only when it fits the app's default value's type.
 *
 * The client's event emitter is private, so after the overrides change the bridge calls the
 * 'change' and 'change:<key>' handlers the app registered through `on` itself, with
 * LaunchDarkly's arguments. Handlers registered before the page stored the client in
 * `window.ldClient` are not seen: pages should expose the client right after initialize().
 */
export const attachLaunchDarkly: SdkAdapter = (client, ctx) => {
  if (!hasMethods(client, 'variation', 'allFlags')) return false;
  const served = new Map<string, unknown>(); // the SDK's own last answer per key
  const handlers: Handler[] = [];
  let lastForced = new Map<string, JsonValue>();

  const answer = (key: unknown, fallback: unknown, value: unknown, sdkDetail?: string) => {
    if (typeof key === 'string' && (served.has(key) || served.size < REMEMBERED_KEYS)) served.set(key, value);
    const wanted = ctx.forced(key);
    const fitting = wanted !== undefined && sameKind(fallback, wanted.value);
    const fallbackKind = kindOf(fallback);
    ctx.report({
      key,
      value: fitting ? wanted.value : value,
      forced: fitting,
      detail: fitting ? 'forced by Flagtab' : detailOf(sdkDetail, wanted && fallbackKind && mismatch(wanted.value, fallbackKind)),
    });
    return fitting ? { value: wanted.value } : undefined;
  };

  const observed = wrapMethod(client, 'variation', (original) => function (this: unknown, ...args: unknown[]) {
    const value = callOriginal(original, this, args);
    return guard(() => {
      const forced = answer(args[0], args[1], value);
      return forced ? forced.value : value;
    }, value);
  });
  if (!observed) return false; // frozen or hostile: nothing to see, nothing to force
  wrapMethod(client, 'variationDetail', (original) => function (this: unknown, ...args: unknown[]) {
    const detail = callOriginal(original, this, args);
    return guard(() => {
      const forced = answer(args[0], args[1], read(detail, 'value'), reasonOf(detail));
      // The shape LaunchDarkly gives a flag it has no reason for (getFlagDetail).
      return forced ? { value: forced.value, variationIndex: null, reason: null } : detail;
    }, detail);
  });
  wrapMethod(client, 'allFlags', (original) => function (this: unknown, ...args: unknown[]) {
    const flags = callOriginal(original, this, args);
    return guard(() => {
      const forced = ctx.forcedAll();
      if (forced.size === 0 || typeof flags !== 'object' || flags === null) return flags;
      const copy: Record<string, unknown> = { ...(flags as Record<string, unknown>) };
      forced.forEach((value, key) => {
        if (Object.hasOwn(copy, key) && sameKind(copy[key], value)) copy[key] = value;
      });
      return copy;
    }, flags);
  });
  wrapMethod(client, 'on', (original) => function (this: unknown, ...args: unknown[]) {
    const [event, fn, self] = args;
    if (isChangeEvent(event) && typeof fn === 'function') handlers.push({ event, fn, self });
    return callOriginal(original, this, args);
  });
  wrapMethod(client, 'off', (original) => function (this: unknown, ...args: unknown[]) {
    const [event, fn] = args;
    for (let i = handlers.length - 1; i >= 0; i--) {
      const h = handlers[i]!;
      if (h.event === event && (fn === undefined || h.fn === fn)) handlers.splice(i, 1);
    }
    return callOriginal(original, this, args);
  });

  ctx.onForcedChange((keys) => {
    const now = ctx.forcedAll();
    const changes = changesFor(keys, lastForced, now, served);
    lastForced = now;
    notify(ctx, handlers, changes);
  });
  return true;
};

type Change = { current: unknown; previous: unknown };

/** What the app saw before and sees now for each key whose override changed. */
function changesFor(keys: string[], before: Map<string, JsonValue>, after: Map<string, JsonValue>, served: Map<string, unknown>): Map<string, Change> {
  const effective = (forced: Map<string, JsonValue>, key: string) => {
    const value = forced.get(key);
    return value !== undefined && sameKind(served.get(key), value) ? value : served.get(key);
  };
  const changes = new Map<string, Change>();
  for (const key of keys) {
    const change = { previous: effective(before, key), current: effective(after, key) };
    if (JSON.stringify(change.previous) !== JSON.stringify(change.current)) changes.set(key, change);
  }
  return changes;
}

function notify(ctx: SdkContext, handlers: Handler[], changes: Map<string, Change>): void {
  if (changes.size === 0) return;
  changes.forEach((change, key) => {
    callHandlers(ctx, handlers.filter((h) => h.event === `change:${key}`), [change.current, change.previous]);
  });
  callHandlers(ctx, handlers.filter((h) => h.event === 'change'), [Object.fromEntries(changes)]);
}

function isChangeEvent(event: unknown): event is string {
  return typeof event === 'string' && (event === 'change' || event.startsWith('change:'));
}

/** @example reasonOf({ reason: { kind: 'RULE_MATCH' }, variationIndex: 1 }) === 'RULE_MATCH · variation 1' */
function reasonOf(detail: unknown): string | undefined {
  const reason = read(detail, 'reason');
  const kind = read(reason, 'kind');
  const errorKind = read(reason, 'errorKind');
  const index = read(detail, 'variationIndex');
  return detailOf(typeof kind === 'string' && kind, typeof errorKind === 'string' && errorKind, typeof index === 'number' && `variation ${index}`);
}
