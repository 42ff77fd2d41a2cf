import type { TransportMeta } from '../types';

/** How the `_gbdebug` payload travels: a cookie on every request, or a parameter on page loads. */
export const GROWTHBOOK_VIAS = ['cookie', 'query'] as const;
export type GrowthBookVia = (typeof GROWTHBOOK_VIAS)[number];

/**
 * GrowthBook's own back-end override channel: `devtoolsExpressPlugin` and `devtoolsNextjsPlugin`
 * read `_gbdebug` (the query parameter first, then the cookie) as JSON `{ "features": {…} }`
 * and force those values, in a dev-mode instance only. See docs/transports.md#growthbook-_gbdebug.
 * Off by default.
 */
export const growthbookMeta: TransportMeta<'growthbook'> = {
  id: 'growthbook',
  label: "GrowthBook's _gbdebug (apps in GrowthBook dev mode)",
  nameLabel: 'Cookie or parameter name (GrowthBook reads _gbdebug)',
  summary: 'GrowthBook',
  hint:
    'The app must create its GrowthBook instance with enableDevMode: true and the devtoolsExpressPlugin or devtoolsNextjsPlugin plugin, '
    + 'as GrowthBook documents for its DevTools; otherwise it ignores _gbdebug. GrowthBook\'s DevTools set _gbdebug for the whole origin; '
    + 'here only this tab sends it. Only feature values travel (not experiments or attributes), and a flag cannot be forced to null.',
  defaults: { enabled: false, name: '_gbdebug', via: 'cookie' },
  fields: [
    {
      key: 'via',
      label: 'Sent as',
      kind: 'select',
      options: [
        { value: 'cookie', label: 'A cookie on every request of the tab to the site (Cookie: _gbdebug=…)' },
        { value: 'query', label: 'A parameter on the tab\'s page loads, shown in the address bar (?_gbdebug=…)' },
      ],
      hint: 'GrowthBook reads the parameter before the cookie. A _gbdebug cookie the site already has wins over this one.',
    },
  ],
};
