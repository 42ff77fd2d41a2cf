import type { JsonValue } from '../json-value';

/**
 * A scenario: a named set of override values for one site ("New checkout, banner B"), with an
 * optional path to open it on and the tickets it belongs to. Zod-free, so the popup can use it;
 * the schema is in schema.ts.
 */
export interface Scenario {
  /** Stable id from the first name (renaming keeps it): lowercase letters, digits and dashes. */
  id: string;
  siteId: string;
  name: string;
  /** A path on the site ("/checkout?step=2"), opened when the scenario is applied. */
  startPath?: string;
  /** Ticket keys the scenario belongs to ("SHOP-142"). */
  tickets: string[];
  /** Flag key → value; a null-prototype record (flag keys come from providers: lib/dict.ts). */
  values: Record<string, JsonValue>;
  /** One of the scenarios the presenter shortcut cycles through (see presenter.ts). */
  presenter?: boolean;
}

/**
 * An id for a new scenario named `name`, unlike every id in `taken`.
 *
 * @example scenarioId('New checkout, banner B', ['new-checkout-banner-b']) // 'new-checkout-banner-b-2'
 */
export function scenarioId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'scenario';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** JSON with object keys sorted, so two equal values give the same text whatever their key order. */
function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two override sets hold the same keys with equal values (key order does not matter). */
export function sameValues(a: Readonly<Record<string, JsonValue>>, b: Readonly<Record<string, JsonValue>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && canonical(a[k]!) === canonical(b[k]!));
}

/** The site's scenarios, in the order they were saved. */
export function scenariosOfSite(scenarios: readonly Scenario[], siteId: string): Scenario[] {
  return scenarios.filter((s) => s.siteId === siteId);
}

/**
 * The saved scenario whose values are exactly the tab's overrides on the site, if any; none
 * when nothing is overridden (an empty tab is no scenario).
 *
 * @example matchingScenario(config.scenarios, 'shop', { 'new-checkout': true })?.name // 'New checkout'
 */
export function matchingScenario(scenarios: readonly Scenario[], siteId: string, values: Readonly<Record<string, JsonValue>>): Scenario | undefined {
  if (Object.keys(values).length === 0) return undefined;
  return scenarios.find((s) => s.siteId === siteId && sameValues(s.values, values));
}

/**
 * The address to open a scenario on: its start path on the origin of the tab's page. Undefined
 * when the scenario has no start path or the tab's address is not a web page.
 *
 * @example startUrl('https://shop.example.com/cart?x=1', '/checkout') // 'https://shop.example.com/checkout'
 */
export function startUrl(tabUrl: string | undefined, startPath: string | undefined): string | undefined {
  if (!startPath || !tabUrl) return undefined;
  try {
    const origin = new URL(tabUrl).origin;
    if (origin === 'null') return undefined;
    // Resolved on the origin, so "//evil.example" or "https:…" in a path cannot leave the site.
    const url = new URL(startPath, `${origin}/`);
    return url.origin === origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The path of a page address, to prefill a new scenario's start path. Without the query: it
 * often carries tokens, or this tab's overrides (the query transport).
 */
export function pathOf(tabUrl: string | undefined): string {
  try {
    return new URL(tabUrl ?? '').pathname;
  } catch {
    return '';
  }
}
