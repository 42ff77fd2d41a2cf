import { z } from '../zod';
import { findSiteConflicts } from './conflicts';
import { SiteSchema } from './schema';
import { ScenariosSchema, findScenarioConflicts } from '../scenarios/schema';
import { deferred } from '../lazy-schema';

/**
 * Every version of the stored configuration document, side by side. A version, once
 * released, never changes: to change the shape, add `ConfigV2Schema` here (with
 * `version: z.literal(2)`), add one typed step to the chain in `migrations.ts`, and point
 * the "current" aliases at the bottom of this file to V2.
 */

/** The fields of version 1, without the cross-site rules (the file format reuses them). */
export const ConfigV1Shape = deferred(() => ({
  version: z.literal(1),
  sites: z.array(SiteSchema),
  // Added after version 1 was released, as an optional field with a default: a version-1
  // document without it still reads (as no scenarios), so no version step is needed.
  scenarios: ScenariosSchema,
}));

export const ConfigV1Schema = deferred(() => z.object(ConfigV1Shape).check(z.superRefine((config, ctx) => {
  for (const conflict of findSiteConflicts(config.sites)) {
    ctx.addIssue({ code: 'custom', path: conflict.path, message: conflict.message });
  }
  for (const conflict of findScenarioConflicts(config.scenarios, config.sites.map((s) => s.id))) {
    ctx.addIssue({ code: 'custom', path: conflict.path, message: conflict.message });
  }
})));
export type ConfigV1 = z.output<typeof ConfigV1Schema>;

// --- The current version: what the rest of Flagtab reads and writes. ---

export const ConfigSchema = ConfigV1Schema;
/** The current version's fields without the cross-site rules (the file format's base). */
export const ConfigShape = ConfigV1Shape;
export type Config = ConfigV1;
export type ConfigInput = z.input<typeof ConfigSchema>;
export const CONFIG_VERSION: Config['version'] = 1;

/** What a fresh install has: no sites yet. */
export function emptyConfig(): Config {
  return { version: CONFIG_VERSION, sites: [], scenarios: [] };
}
