import { z } from '../../zod';
import { GROWTHBOOK_VIAS } from './meta';
import { deferred } from '../../lazy-schema';

/**
 * A name that is both a valid cookie name and a query key that needs no escaping, so it reads
 * back as typed either way. GrowthBook's plugins read `_gbdebug` only; another name is for an
 * app that reads the payload itself.
 */
const NameSchema = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9._~-]+$/, 'must be letters, digits, "-", "_", "." or "~" (GrowthBook reads _gbdebug)')));

export const GrowthBookSettingsSchema = deferred(() => z.object({
  enabled: z.boolean(),
  name: NameSchema,
  via: z._default(z.enum(GROWTHBOOK_VIAS), 'cookie'),
}));
export type GrowthBookSettings = z.infer<typeof GrowthBookSettingsSchema>;
