import { z } from 'zod';
import { CookieSettingsSchema } from './cookie/settings';
import { cookieMeta } from './cookie/meta';
import { HeaderSettingsSchema } from './header/settings';
import { headerMeta } from './header/meta';
import { SignedSettingsSchema } from './signed/settings';
import { signedMeta } from './signed/meta';

/** How overrides travel to the site's servers: each transport's settings, each can be switched off. */
export const TransportsSchema = z.object({
  header: HeaderSettingsSchema.default(headerMeta.defaults),
  cookie: CookieSettingsSchema.default(cookieMeta.defaults),
  // Filled in when read; optional in the type, so code that builds settings by hand may leave
  // it out (then it is off, as lib/transports/registry.ts reads it).
  signed: SignedSettingsSchema.default(signedMeta.defaults).optional(),
});
export type Transports = z.infer<typeof TransportsSchema>;
