import { z } from '../zod';
import { CookieSettingsSchema } from './cookie/settings';
import { cookieMeta } from './cookie/meta';
import { GrowthBookSettingsSchema } from './growthbook/settings';
import { growthbookMeta } from './growthbook/meta';
import { EppoSettingsSchema } from './eppo/settings';
import { eppoMeta } from './eppo/meta';
import { HeaderSettingsSchema } from './header/settings';
import { headerMeta } from './header/meta';
import { MarkerSettingsSchema } from './marker/settings';
import { markerMeta } from './marker/meta';
import { QuerySettingsSchema } from './query/settings';
import { queryMeta } from './query/meta';
import { SignedSettingsSchema } from './signed/settings';
import { signedMeta } from './signed/meta';
import { VercelSettingsSchema } from './vercel/settings';
import { vercelMeta } from './vercel/meta';
import { deferred } from '../lazy-schema';

/**
 * How overrides travel to the site's servers: each transport's settings, each can be switched
 * off. Transports added after the first two are filled in when read, and optional in the type,
 * so code that builds settings by hand may leave them out (then they are off, as
 * lib/transports/registry.ts reads them).
 */
export const TransportsSchema = deferred(() => z.object({
  header: z._default(HeaderSettingsSchema, headerMeta.defaults),
  cookie: z._default(CookieSettingsSchema, cookieMeta.defaults),
  signed: z.optional(z._default(SignedSettingsSchema, signedMeta.defaults)),
  query: z.optional(z._default(QuerySettingsSchema, { ...queryMeta.defaults, encoding: 'wire' })),
  marker: z.optional(z._default(MarkerSettingsSchema, { ...markerMeta.defaults, value: 'flagtab' })),
  growthbook: z.optional(z._default(GrowthBookSettingsSchema, { ...growthbookMeta.defaults, via: 'cookie' })),
  eppo: z.optional(z._default(EppoSettingsSchema, eppoMeta.defaults)),
  vercel: z.optional(z._default(VercelSettingsSchema, vercelMeta.defaults)),
}));
export type Transports = z.infer<typeof TransportsSchema>;
