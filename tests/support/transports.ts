/** A new site's transports as the configuration stores them, written out as a reader would expect them. */
export const DEFAULT_TRANSPORTS = {
  header: { enabled: true, name: 'X-Feature-Flags' },
  cookie: { enabled: true, name: 'flagtab' },
  signed: { enabled: false, name: 'X-Feature-Flags-V2' },
  query: { enabled: false, name: 'flags', encoding: 'wire' },
  marker: { enabled: false, name: 'X-Test-Traffic', value: 'flagtab' },
  growthbook: { enabled: false, name: '_gbdebug', via: 'cookie' },
  eppo: { enabled: false, name: 'x-eppo-overrides' },
  vercel: { enabled: false, name: 'vercel-flag-overrides' },
} as const;
