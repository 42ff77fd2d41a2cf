import { z } from '../../zod';

/** A header name as RFC 9110 allows it (a "token"); a family keeps its own schema (see header/settings.ts). */
const HeaderNameSchema = z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name'));

export const SignedSettingsSchema = z.object({ enabled: z.boolean(), name: HeaderNameSchema });
