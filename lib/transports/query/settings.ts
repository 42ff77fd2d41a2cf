import { z } from '../../zod';
import { QUERY_ENCODINGS } from './meta';
import { deferred } from '../../lazy-schema';

/** A parameter name (or prefix) that needs no escaping in a URL, so the server reads it as typed. */
const ParamNameSchema = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9._~-]+$/, 'must be letters, digits, "-", "_", "." or "~" (like flags or _gbdebug)')));

export const QuerySettingsSchema = deferred(() => z.object({
  enabled: z.boolean(),
  name: ParamNameSchema,
  encoding: z._default(z.enum(QUERY_ENCODINGS), 'wire'),
}));
export type QuerySettings = z.infer<typeof QuerySettingsSchema>;
