import { z } from 'zod';
import { CookieSettingsSchema } from './cookie/settings';
import { cookieMeta } from './cookie/meta';
import { HeaderSettingsSchema } from './header/settings';
import { headerMeta } from './header/meta';

/** How overrides travel to the site's servers: each transport's settings, each can be switched off. */
export const TransportsSchema = z.object({
  header: HeaderSettingsSchema.default(headerMeta.defaults),
  cookie: CookieSettingsSchema.default(cookieMeta.defaults),
});
export type Transports = z.infer<typeof TransportsSchema>;
