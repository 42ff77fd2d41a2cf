import { signal, type ReadonlySignal } from '@preact/signals';

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
  let loading: Promise<T> | undefined;
  return {
    current,
    load() {
      loading ??= importer().then(
        (value) => (current.value = value),
        (error: unknown) => {
          // A failed chunk load (the extension was updated under the open page) may work on a retry.
          loading = undefined;
          throw new Error('Flagtab could not load this part of the settings page: reload the page and try again', { cause: error });
        },
      );
      return loading;
    },
  };
}

/** A part that is there from the start (tests; anything bundled with the page itself). */
export function loadedPart<T>(value: T): Part<T> {
  const current = signal<T | undefined>(value);
  return { current, load: () => Promise.resolve(value) };
}
