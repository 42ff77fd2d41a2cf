import type { TransportMeta } from '../types';

/** The header Eppo's SDKs read overrides from (`parseOverrides`), as Eppo's Chrome extension sends it. */
export const EPPO_HEADER = 'x-eppo-overrides';

/**
 * Overrides as Eppo's own Developer Tools extension sends them to a server: one header holding
 * `{ browserExtensionKey, overrides: { flagKey: { key, value } } }`, which an app using Eppo's
 * server SDK reads with `client.parseOverrides(header)` and applies with `client.withOverrides(…)`
 * (@eppo/js-client-sdk-common, eppo-client.ts). Needs the team's Eppo browser-extension key;
 * without one nothing is sent. Off by default. See docs/transports.md.
 */
export const eppoMeta: TransportMeta<'eppo'> = {
  id: 'eppo',
  label: 'Eppo override header (for apps using Eppo\'s server SDK)',
  nameLabel: 'Eppo header name',
  summary: 'Eppo override header',
  hint: 'The app reads it with Eppo\'s SDK: client.withOverrides(await client.parseOverrides(req.get(\'x-eppo-overrides\'))). The SDK asks eppo.cloud whether the key is valid, so the app\'s server must reach eppo.cloud. Eppo takes strings, numbers, booleans and JSON objects, not null; it cannot tell which type a flag has, so send the type the flag has.',
  defaults: { enabled: false, name: EPPO_HEADER },
  secret: {
    label: 'Eppo browser-extension key',
    hint: 'The key Eppo\'s Developer Tools extension uses: in Eppo, Flags → Environments → Browser Extension Keys (a key belongs to one environment). It travels in the header to this site\'s hosts only, and lets anyone who holds it override flags in any app that accepts Eppo\'s override header. Without it, nothing is sent.',
  },
};
