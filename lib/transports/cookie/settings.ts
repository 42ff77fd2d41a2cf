import { z } from '../../zod';
import { deferred } from '../../lazy-schema';

/** A cookie name as RFC 6265 allows it. */
const CookieNameSchema = deferred(() => z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid cookie name')));

export const CookieSettingsSchema = deferred(() => z.object({ enabled: z.boolean(), name: CookieNameSchema }));
