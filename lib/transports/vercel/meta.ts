import type { TransportMeta } from '../types';

/** The cookie the Vercel Flags SDK (`flags/next`, `flags/sveltekit`) reads overrides from. */
export const VERCEL_COOKIE_NAME = 'vercel-flag-overrides';

/**
 * Overrides in the Vercel Flags SDK's own cookie, encrypted with the app's FLAGS_SECRET as the
 * SDK's `decryptOverrides` expects it, so an app on `flags/next` honours them with no code of
 * ours. Needs the secret; off by default.
 */
export const vercelMeta: TransportMeta<'vercel'> = {
  id: 'vercel',
  label: 'Vercel Flags SDK overrides cookie (encrypted with FLAGS_SECRET)',
  nameLabel: 'Overrides cookie name',
  summary: 'Vercel Flags cookie',
  hint: 'For apps on the Vercel Flags SDK (flags/next, flags/sveltekit): the SDK decrypts this cookie with the app\'s FLAGS_SECRET and uses its values instead of deciding. Nothing is sent until the secret is stored below (or, when the flag catalogue is the app\'s Vercel discovery endpoint, as its token).',
  defaults: { enabled: false, name: VERCEL_COOKIE_NAME },
  secret: {
    label: 'FLAGS_SECRET',
    sameAsCatalogueOf: 'vercel',
    hint: 'The app\'s FLAGS_SECRET. Whoever holds it can forge overrides for every user of the app and read its flag definitions, so treat it like a production password. Flagtab keeps it in this browser\'s local extension storage only: it is never synced, never exported, and never sent; only the encrypted cookie goes, to this site\'s hosts, in the tab you override.',
  },
};
