import { z } from '../../zod';
import { deferred } from '../../lazy-schema';

/** A header name as RFC 9110 allows it (a "token"); a family keeps its own schema. */
const HeaderNameSchema = deferred(() => z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name (like x-eppo-overrides)')));

export const EppoSettingsSchema = deferred(() => z.object({ enabled: z.boolean(), name: HeaderNameSchema }));
export type EppoSettings = z.infer<typeof EppoSettingsSchema>;
