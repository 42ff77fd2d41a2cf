import { z } from '../../zod';
import { deferred } from '../../lazy-schema';

/** A header name as RFC 9110 allows it (a "token"). */
export const HeaderNameSchema = deferred(() => z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')));

export const HeaderSettingsSchema = deferred(() => z.object({ enabled: z.boolean(), name: HeaderNameSchema }));
