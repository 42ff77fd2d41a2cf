/**
 * How the bridge gets hold of the page's SDK objects without changing what the page sees.
 * Everything the page hands us may be hostile (throwing getters, Proxies, frozen objects), so
 * each touch goes through `guard`.
 */

// Taken when the bridge starts, before any page script can replace them.
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const apply = Reflect.apply;

export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
export type Obj = Record<PropertyKey, unknown>;

let lastFailure: unknown;

/**
 * Runs `fn`; an exception becomes `fallback`. The bridge lives beside the page's code: a
 * hostile getter or an SDK version we do not know must cost Flagtab its view, never the page
 * its behaviour, so nothing the bridge does may throw into the page.
 *
 * @example guard(() => sdk.evalFeature.name, undefined)
 */
export function guard<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    lastFailure = error; // kept for debugging in the page's console: nothing else may see it
    return fallback;
  }
}

/** The last exception `guard` absorbed (for tests and debugging). */
export function lastBridgeFailure(): unknown {
  return lastFailure;
}

export function isObj(value: unknown): value is Obj {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** `obj[key]`, or undefined when reading it throws. */
export function read(obj: unknown, key: PropertyKey): unknown {
  return guard(() => (isObj(obj) ? obj[key] : undefined), undefined);
}

/** Calls `obj[name](...args)` when it is a function; undefined when it is not or it throws. */
export function callMethod(obj: unknown, name: PropertyKey, ...args: unknown[]): unknown {
  return guard(() => {
    const method = read(obj, name);
    return typeof method === 'function' ? apply(method, obj, args) : undefined;
  }, undefined);
}

export function hasMethods(obj: unknown, ...names: string[]): obj is Obj {
  return isObj(obj) && names.every((name) => typeof read(obj, name) === 'function');
}

/**
 * Replaces `obj[name]` with `make(original)`, as an own, non-enumerable property so the object
 * still serialises and enumerates as before. The original keeps its `this`. False when the
 * method is missing or the object refuses (frozen, a Proxy that throws).
 *
 * @example wrapMethod(client, 'isEnabled', (original) => function (...args) { return apply(original, this, args); })
 */
export function wrapMethod(obj: unknown, name: string, make: (original: AnyFunction) => AnyFunction): boolean {
  return guard(() => {
    const original = read(obj, name);
    if (!isObj(obj) || typeof original !== 'function') return false;
    defineProperty(obj, name, { value: make(original as AnyFunction), writable: true, configurable: true, enumerable: false });
    return true;
  }, false);
}

/**
 * Like wrapMethod, for a method the object does not have yet because its constructor is still
 * running (Statsig's client registers itself, then assigns its memoised getters): an own
 * property that exists is wrapped now; otherwise an accessor wraps whatever function the
 * constructor assigns, and returns it. False when the object refuses.
 */
export function wrapMethodWhenSet(obj: unknown, name: string, make: (original: AnyFunction) => AnyFunction): boolean {
  return guard(() => {
    if (!isObj(obj)) return false;
    const own = getOwnPropertyDescriptor(obj, name);
    if (own) return typeof own.value === 'function' && wrapMethod(obj, name, make);
    let stored: unknown;
    defineProperty(obj, name, {
      configurable: true,
      enumerable: true,
      get: () => stored,
      set(value: unknown) {
        stored = typeof value === 'function' ? guard(() => make(value as AnyFunction), value) : value;
      },
    });
    return true;
  }, false);
}

/** `Reflect.apply`, as taken at start. */
export function callOriginal(original: AnyFunction, self: unknown, args: unknown[]): unknown {
  return apply(original, self, args);
}

/**
 * Watches a global property (`window._growthbook`, the OpenFeature symbol) so the bridge sees
 * the SDK object the moment the page stores it, and looks at what is already there.
 *
 * The property becomes a configurable accessor that stores and returns exactly what the page
 * assigns; it turns enumerable on the first assignment, like the plain property it stands in
 * for. The page can still `delete` it or `Object.defineProperty` over it (the bridge then stops
 * watching; see startBridge for the later look-ups that cover that). Differences the page can
 * notice: `key in window` is true before the first assignment, and the descriptor is an accessor.
 * A property the page cannot reconfigure, or one someone already made an accessor, is only
 * looked at, never replaced.
 */
export function trapGlobal(target: object, key: PropertyKey, onValue: (value: unknown) => void): void {
  const notify = (value: unknown) => guard(() => onValue(value), undefined);
  const existing = guard(() => getOwnPropertyDescriptor(target, key), undefined);
  if (existing && (!existing.configurable || !('value' in existing) || !existing.writable)) {
    notify(read(target, key));
    return;
  }
  let stored: unknown = existing?.value;
  const define = (enumerable: boolean) =>
    defineProperty(target, key, {
      configurable: true,
      enumerable,
      get() {
        return stored;
      },
      set(value: unknown) {
        stored = value;
        if (!enumerable) guard(() => define(true), undefined);
        notify(value);
      },
    });
  guard(() => define(existing?.enumerable ?? false), undefined);
  if (existing) notify(stored);
}
