import { encodeOverrides } from '../../wire';
import type { OverrideTransport, OverrideValues, QueryParam } from '../types';
import type { QueryEncoding } from './meta';

interface QuerySettings {
  enabled: boolean;
  name: string;
  encoding?: QueryEncoding;
}

/** A flag's value as ConfigCat-style per-flag parameters take it: strings bare, the rest as JSON. */
const bare = (value: OverrideValues[string]) => (typeof value === 'string' ? value : JSON.stringify(value));

export function queryParams(settings: QuerySettings, values: OverrideValues): QueryParam[] {
  if (!settings.enabled || Object.keys(values).length === 0) return [];
  switch (settings.encoding ?? 'wire') {
    case 'json':
      return [{ key: settings.name, value: JSON.stringify(values) }];
    case 'per-flag':
      return Object.keys(values).sort().map((key) => ({ key: `${settings.name}${key}`, value: bare(values[key]!) }));
    default:
      return [{ key: settings.name, value: encodeOverrides(values) }];
  }
}

/**
 * The browser adds the parameters (a declarativeNetRequest redirect with a queryTransform) to
 * the tab's page loads only. It replaces a parameter of the same name, so a link that already
 * carries old values gets the tab's current ones, and a URL already equal is not redirected again.
 */
export const queryTransport: OverrideTransport<'query', QuerySettings> = {
  id: 'query',
  requestHeaders: () => [],
  queryParams: (settings, values) => queryParams(settings, values),
  carried(settings, { url }) {
    if (!settings.enabled || !url || !URL.canParse(url)) return false;
    const names = [...new URL(url).searchParams.keys()];
    return (settings.encoding ?? 'wire') === 'per-flag' ? names.some((n) => n.startsWith(settings.name)) : names.includes(settings.name);
  },
};

/**
 * `url` without the parameters this transport writes, or undefined when it has none. For the
 * popup's Reload after a reset: the address bar still carries the old values, and a plain
 * reload would send them again.
 */
export function withoutQueryParams(settings: QuerySettings, url: string): string | undefined {
  if (!settings.enabled || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const ours = [...parsed.searchParams.keys()].filter((n) => ((settings.encoding ?? 'wire') === 'per-flag' ? n.startsWith(settings.name) : n === settings.name));
  if (ours.length === 0) return undefined;
  for (const name of new Set(ours)) parsed.searchParams.delete(name);
  return parsed.href;
}
