/**
 * Browser code shared by the SDK demo apps (bundled into each by esbuild; see bundles.ts).
 * Every value goes into the DOM as JSON text through textContent, so tests read exactly what
 * the SDK returned and nothing from a flag can become markup.
 */

/** Shows what the SDK returned for `key` in `#sdk-<key>`. */
export function show(key: string, value: unknown): void {
  const element = document.getElementById(`sdk-${key}`);
  if (element) element.textContent = value === undefined ? 'undefined' : JSON.stringify(value);
}

let renders = 0;

/** Counts a render and marks the page ready: tests wait on `#sdk-status` reading "ready". */
export function rendered(): void {
  renders += 1;
  setText('sdk-renders', String(renders));
  setText('sdk-status', 'ready');
}

export function failed(message: string): void {
  setText('sdk-status', `error: ${message}`);
}

/** What the page's server put in `data-*` attributes of `<main>` (escaped there, plain here). */
export function config(name: string): string {
  return document.querySelector('main')?.dataset[name] ?? '';
}

function setText(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}
