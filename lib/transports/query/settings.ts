import { z } from '../../zod';
import { QUERY_ENCODINGS } from './meta';

/** A parameter name (or prefix) that needs no escaping in a URL, so the server reads it as typed. */
const ParamNameSchema = z.string().check(z.regex(/^[A-Za-z0-9._~-]+$/, 'must be letters, digits, "-", "_", "." or "~" (like flags or _gbdebug)'));

export const QuerySettingsSchema = z.object({
  enabled: z.boolean(),
  name: ParamNameSchema,
  encoding: z._default(z.enum(QUERY_ENCODINGS), 'wire'),
});
export type QuerySettings = z.infer<typeof QuerySettingsSchema>;
