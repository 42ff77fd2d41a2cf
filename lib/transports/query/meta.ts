import type { TransportMeta } from '../types';

/** How the overrides are written into the address. */
export const QUERY_ENCODINGS = ['wire', 'json', 'per-flag'] as const;
export type QueryEncoding = (typeof QUERY_ENCODINGS)[number];

/**
 * Overrides in the page's address (`?flags=…`), for apps that read them from the URL. Only the
 * tab's page loads on the site's hosts get it (a redirect that adds the parameter); it then shows
 * in the address bar, so a copied link carries it. Off by default.
 */
export const queryMeta: TransportMeta<'query'> = {
  id: 'query',
  label: 'Query parameter (in the address bar)',
  nameLabel: 'Parameter name (the prefix, one parameter per flag)',
  summary: 'query parameter',
  hint: 'Page loads in the tab get the parameter, so it shows in the address bar and in any link copied from it; requests the page makes itself (fetch, images) do not.',
  defaults: { enabled: false, name: 'flags', encoding: 'wire' },
  fields: [
    {
      key: 'encoding',
      label: 'Parameter value',
      kind: 'select',
      options: [
        { value: 'wire', label: "Flagtab's wire format: ?flags=new-checkout=true&banner=%22b%22" },
        { value: 'json', label: 'A JSON object: ?flags={"new-checkout":true}' },
        { value: 'per-flag', label: 'One parameter per flag, name as prefix: ?cc-new-checkout=true (ConfigCat)' },
      ],
    },
  ],
};
