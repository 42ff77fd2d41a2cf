import { z } from '../../zod';

/** A cookie name as RFC 6265 allows it. */
const CookieNameSchema = z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid cookie name'));

export const CookieSettingsSchema = z.object({ enabled: z.boolean(), name: CookieNameSchema });
