import { z } from '../../zod';
import { deferred } from '../../lazy-schema';

/** A header name as RFC 9110 allows it (a "token"); a family keeps its own schema (see header/settings.ts). */
const HeaderNameSchema = deferred(() => z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')));

export const SignedSettingsSchema = deferred(() => z.object({ enabled: z.boolean(), name: HeaderNameSchema }));
