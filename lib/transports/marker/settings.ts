import { z } from '../../zod';
import { deferred } from '../../lazy-schema';

/** A header name as RFC 9110 allows it (a "token"); a family keeps its own schema. */
const HeaderNameSchema = deferred(() => z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')));
/** Visible ASCII and inner spaces: what every server reads back unchanged. */
const MarkerValueSchema = deferred(() => z.string().check(z.regex(/^[\x21-\x7e]([\x20-\x7e]{0,198}[\x21-\x7e])?$/, 'must be 1 to 200 visible ASCII characters (like flagtab)')));

export const MarkerSettingsSchema = deferred(() => z.object({ enabled: z.boolean(), name: HeaderNameSchema, value: z._default(MarkerValueSchema, 'flagtab') }));
export type MarkerSettings = z.infer<typeof MarkerSettingsSchema>;
