import { signal, type ReadonlySignal } from '@preact/signals';
import { retryOnce } from '../../lib/retry-once';
import { messageOf } from './model-helpers';

/**
 * A part of the options page that is loaded the first time it is needed (the site form,
 * import/export), so that the first view, the list of sites, downloads and parses little.
 * `current` is undefined until it has loaded; tests hand the model parts already loaded, so
 * every intent runs synchronously there as it does on the page once the part is in.
 *
 * @example
 * const editorPart = lazyPart(() => import('./site-editor-part'));
 * const part = editorPart.current.value ?? (await editorPart.load());
 */
export interface Part<T> {
  readonly current: ReadonlySignal<T | undefined>;
  /** Resolves with the part, loading it on the first call; later calls share that load. */
  load(): Promise<T>;
}

/** A part fetched by `importer` (a dynamic `import()`, its own chunk) on its first `load()`. */
export function lazyPart<T>(importer: () => Promise<T>): Part<T> {
  const current = signal<T | undefined>(undefined);
  const loading = retryOnce(() => importer().then(
    (value) => (current.value = value),
    (error: unknown) => {
      // A failed chunk load (the extension was updated under the open page) may work on a retry.
      throw new Error('Flagtab could not load this part of the settings page: reload the page and try again', { cause: error });
    },
  ));
  return { current, load: loading.get };
}

/** The names of `T`'s methods that return a promise. */
type AsyncMethodsOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * `T`'s async methods, with `T` made by `load` on the first call (a store whose code is its own
 * chunk, loaded by the first write). A failed load is not kept: the next call tries again.
 *
 * @example
 * const secrets = onFirstCall(async () => (await import('../../lib/secrets/store')).createSecretsStore(local), ['get', 'set']);
 * await secrets.get('shop', 'catalogue'); // loads the store, then reads
 */
export function onFirstCall<T, K extends AsyncMethodsOf<T>>(load: () => Promise<T>, names: readonly K[]): Pick<T, K> {
  const made = retryOnce(() => load().catch((error: unknown) => {
    // A failed chunk load (the extension was updated under the open page) may work after a reload.
    throw new Error('Flagtab could not load the code that reads and saves settings: reload the page and try again', { cause: error });
  }));
  const methods = names.map((name) => [name, async (...args: unknown[]) => {
    const target = await made.get();
    return (target[name] as (...args: unknown[]) => Promise<unknown>).apply(target, args);
  }]);
  return Object.fromEntries(methods) as Pick<T, K>;
}

/** A part that is there from the start (tests; anything bundled with the page itself). */
export function loadedPart<T>(value: T): Part<T> {
  const current = signal<T | undefined>(value);
  return { current, load: () => Promise.resolve(value) };
}

/**
 * A part's model, made on the part's first use. Once the part is in, `run` calls the intent
 * before it returns (so an intent that asks for host access still runs inside the click's
 * gesture); before that it loads the part first, and a failed load is said through `failed`.
 */
export function loadedOnUse<P, M>(part: Part<P>, make: (loaded: P) => M, failed: (message: string) => void) {
  let made: M | undefined;
  const ready = (): M | undefined => {
    const loaded = part.current.peek();
    if (loaded !== undefined) made ??= make(loaded);
    return made;
  };
  return {
    async run(intent: (model: M) => unknown): Promise<void> {
      const now = ready();
      if (now) return void (await intent(now));
      try {
        await part.load();
      } catch (error) {
        console.error(error);
        return failed(messageOf(error));
      }
      await intent(ready()!);
    },
    /** The intent, when the part is in; nothing otherwise (it acts on state only the part makes). */
    forward<A extends unknown[], R>(pick: (model: M) => (...args: A) => R) {
      return (...args: A): R | undefined => {
        const now = ready();
        return now && pick(now)(...args);
      };
    },
  };
}

export type OnUse<M> = ReturnType<typeof loadedOnUse<unknown, M>>;
