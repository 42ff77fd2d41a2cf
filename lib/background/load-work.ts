import type { LoadWork, Work } from './work';

declare global {
  /** Set by the work script (entrypoints/background-work.ts) when it runs; nothing else writes it. */
  var flagtabWork: Work | undefined;
}

/** Where the build puts the work script (WXT writes the unlisted script entrypoints/background-work.ts here). */
export const WORK_SCRIPT = '/background-work.js';

const WHAT_TO_DO = 'Reload Flagtab (chrome://extensions in Chrome, about:debugging in Firefox), then try again. '
  + 'Sign-offs already saved stay in the outbox and are sent after the reload.';

function loadedWork(): Work {
  const loaded = globalThis.flagtabWork;
  if (!loaded) throw new Error(`Flagtab's background work script (${WORK_SCRIPT}) ran but gave nothing. ${WHAT_TO_DO}`);
  return loaded;
}

/** The parts of a service worker's global scope the loader uses. */
export interface WorkerScope {
  addEventListener(type: 'install', listener: () => void): void;
  importScripts(...urls: string[]): void;
}

/**
 * Chrome's MV3 service worker: no `import()`, and `importScripts()` of a script the worker did
 * not import while it was being installed throws ("importScripts() of new scripts after service
 * worker installation is not allowed"). A script imported during the `install` event is stored
 * with the registration, and may be imported again on any later wake, even after the worker
 * was stopped. So: imported once at install, then on first need in each worker's life.
 * No `import()`: https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/basics#import-scripts
 * The imported script kept with the registration: the Service Workers spec's "script resource
 * map" (https://w3c.github.io/ServiceWorker/#importscripts); tests/e2e/background-work.test.ts
 * holds Chromium to it (a worker started after the install imports it).
 *
 * Call at the worker's top level (the install listener must be registered synchronously).
 */
export function serviceWorkerWorkLoader(scope: WorkerScope, url = WORK_SCRIPT): LoadWork {
  scope.addEventListener('install', () => {
    // Caught: a throw here would fail the whole install, overrides included; only the work would be missing.
    try {
      scope.importScripts(url);
    } catch (error) {
      console.error(`Flagtab: could not import ${url} at install: fetching catalogues and sending sign-offs will fail until Flagtab is reloaded`, error);
    }
  });
  return async () => {
    if (globalThis.flagtabWork) return globalThis.flagtabWork;
    try {
      scope.importScripts(url);
    } catch (error) {
      throw new Error(`Flagtab could not load the part of its background that fetches catalogues and sends sign-offs (${url}). ${WHAT_TO_DO}`, { cause: error });
    }
    return loadedWork();
  };
}

/** The parts of a document the event-page loader uses. */
export interface PageDocument {
  createElement(tag: 'script'): HTMLScriptElement;
  head: { append(node: HTMLScriptElement): void } | null;
  documentElement: { append(node: HTMLScriptElement): void };
}

/**
 * Firefox's MV3 background is an event page (a document, without `importScripts`): the work
 * script is added to it as a `<script>` on first need, and awaited.
 */
export function eventPageWorkLoader(document: PageDocument, url = WORK_SCRIPT): LoadWork {
  let loading: Promise<Work> | undefined;
  return () => {
    if (globalThis.flagtabWork) return Promise.resolve(globalThis.flagtabWork);
    loading ??= new Promise<Work>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.addEventListener('load', () => {
        try {
          resolve(loadedWork());
        } catch (error) {
          loading = undefined;
          reject(error);
        }
      });
      script.addEventListener('error', () => {
        script.remove();
        loading = undefined;
        reject(new Error(`Flagtab could not load the part of its background that fetches catalogues and sends sign-offs (${url}). ${WHAT_TO_DO}`));
      });
      (document.head ?? document.documentElement).append(script);
    });
    return loading;
  };
}
