import { z } from 'zod';
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

/**
 * How overrides travel to the site's servers: each transport's settings, each can be switched
 * off. Transports added after the first two are filled in when read, and optional in the type,
 * so code that builds settings by hand may leave them out (then they are off, as
 * lib/transports/registry.ts reads them).
 */
export const TransportsSchema = z.object({
  header: HeaderSettingsSchema.default(headerMeta.defaults),
  cookie: CookieSettingsSchema.default(cookieMeta.defaults),
  signed: SignedSettingsSchema.default(signedMeta.defaults).optional(),
  query: QuerySettingsSchema.default({ ...queryMeta.defaults, encoding: 'wire' }).optional(),
  marker: MarkerSettingsSchema.default({ ...markerMeta.defaults, value: 'flagtab' }).optional(),
  growthbook: GrowthBookSettingsSchema.default({ ...growthbookMeta.defaults, via: 'cookie' }).optional(),
  eppo: EppoSettingsSchema.default(eppoMeta.defaults).optional(),
  vercel: VercelSettingsSchema.default(vercelMeta.defaults).optional(),
});
export type Transports = z.infer<typeof TransportsSchema>;
