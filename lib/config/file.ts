import { z } from '../zod';
import { parseFlagsFile } from '../flags/flags-file';
import { SECRET_SLOTS, type Secrets } from '../secrets/store';
import { describeIssues } from '../schema-issues';
import { migrateConfig, type ConfigReadResult } from './migrations';
import { ConfigShape, type Config } from './versions';

/**
 * The import/export file: the whole configuration as one JSON document,
 *
 *   { "$schema": "https://flagtab.dev/config.schema.json", "format": "flagtab-config", "version": 1, "sites": [...] }
 *
 * `version` is the configuration's format version, so an older export goes through the same
 * migrations as older stored data. Tokens are left out, unless the person exporting asked for
 * them: then a top-level `"secrets": { "<site id>": { "catalogue": "<token>", "tracker": "<token>" } }`
 * carries them (each slot only when the site has that token).
 * docs/config.schema.json is generated from `ConfigFileSchema` (`npm run schema`).
 */
export const CONFIG_FILE_FORMAT = 'flagtab-config';
export const CONFIG_SCHEMA_URL = 'https://flagtab.dev/config.schema.json';
export const CONFIG_FILE_NAME = 'flagtab-config.json';
/** Two sites with the largest pasted flags files, and then some. */
export const MAX_CONFIG_FILE_CHARS = 12 * 1024 * 1024;

const FILE_HINT = 'check the file is a Flagtab configuration export';

const EnvelopeShape = {
  $schema: z.optional(z.string()).check(z.describe('The JSON Schema this file follows, for editors.')),
  format: z.literal(CONFIG_FILE_FORMAT).check(z.describe('Marks the file as a Flagtab configuration.')),
};

const Token = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4096, 'is too long for a token'));

/**
 * The tokens an export carries when asked to, by site id and slot (see SECRET_SLOTS): the flag
 * catalogue's and the sign-off tracker's; a token is at most 4 KB. Nothing else is read: where
 * a token may be sent ("<slot>@origin" in the store) comes from the site it arrives with, never
 * from the file, so unknown keys are dropped.
 */
const FileSecretsSchema = z.record(
  z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be the id of a site in this file')),
  z.object({ catalogue: z.optional(Token), tracker: z.optional(Token) }).check(
    z.refine((tokens) => tokens.catalogue !== undefined || tokens.tracker !== undefined, 'must hold a "catalogue" or a "tracker" token'),
    // What the refinement checks, for editors that read the JSON Schema.
    z.meta({ anyOf: [{ required: ['catalogue'] }, { required: ['tracker'] }] }),
  ),
).check(
  z.describe('Tokens by site id ("catalogue": the flag provider\'s, "tracker": the sign-off tracker\'s), only when the export was asked to include them. Keep such a file private.'),
);

/** The file as it is written and read (the current version). */
export const ConfigFileSchema = z.object({ ...EnvelopeShape, ...ConfigShape, secrets: z.optional(FileSecretsSchema) }).check(z.meta({
  title: 'Flagtab configuration',
  description:
    'Sites Flagtab can override flags on: their hosts, flag catalogue, transports and expiry. ' +
    'Export it from, and import it into, the Flagtab options page.',
}));
export type ConfigFile = z.input<typeof ConfigFileSchema>;

/** A read file: its configuration, and the tokens it carried, if any. */
export type ConfigFileResult = (ConfigReadResult & { ok: false }) | (ConfigReadResult & { ok: true; secrets?: Secrets });

/**
 * Reads an exported configuration file (any known version). Errors name the field and why.
 *
 * @example
 * const result = parseConfigFile(await file.text());
 * if (!result.ok) showError(result.error); // 'sites[0].hosts[1]: must be a host name like "shop.example.com" …'
 */
export function parseConfigFile(text: string): ConfigFileResult {
  if (text.length > MAX_CONFIG_FILE_CHARS) {
    return { ok: false, error: `the file is over ${MAX_CONFIG_FILE_CHARS / 1024 / 1024} MB — ${FILE_HINT}` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, error: `not valid JSON: ${error.message} — ${FILE_HINT}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const flagsHint = Array.isArray(doc) ? ' (a list looks like a flags file: paste it into a site\'s catalogue instead)' : '';
    return { ok: false, error: `the file must be a JSON object with "format": "${CONFIG_FILE_FORMAT}"${flagsHint} — ${FILE_HINT}` };
  }
  if ('flags' in doc && !('format' in doc)) {
    return {
      ok: false,
      error: `this looks like a flags file, not a Flagtab configuration — paste it into a site's catalogue instead, or ${FILE_HINT}`,
    };
  }
  const envelope = z.object(EnvelopeShape).safeParse(doc);
  if (!envelope.success) return { ok: false, error: `${describeIssues(envelope.error.issues)} — ${FILE_HINT}` };

  const { $schema: _schema, format: _format, secrets: rawSecrets, ...config } = doc as Record<string, unknown>;
  const result = migrateConfig(config);
  if (!result.ok) return result;

  const badCatalogue = checkInlineCatalogues(result.config);
  if (badCatalogue) return { ok: false, error: badCatalogue };
  if (rawSecrets === undefined) return result;
  const secrets = readSecrets(rawSecrets, result.config);
  return typeof secrets === 'string' ? { ok: false, error: secrets } : { ...result, secrets };
}

/**
 * The file for a configuration: pretty JSON, ending in a newline.
 *
 * @example download(CONFIG_FILE_NAME, exportConfigFile(config));
 */
export function exportConfigFile(config: Config, secrets?: Secrets): string {
  const file: ConfigFile = {
    $schema: CONFIG_SCHEMA_URL,
    format: CONFIG_FILE_FORMAT,
    version: config.version,
    sites: config.sites,
    // Scenarios only when there are some: an export without them stays as it was.
    ...(config.scenarios.length > 0 ? { scenarios: config.scenarios } : {}),
  };
  // Only the tokens of the exported sites, and only when asked for; never where they were bound.
  const tokens = Object.fromEntries(
    config.sites.flatMap((site) => {
      const slots = SECRET_SLOTS.flatMap((slot) => {
        const token = secrets?.[site.id]?.[slot];
        return token ? [[slot, token] as const] : [];
      });
      return slots.length > 0 ? [[site.id, Object.fromEntries(slots)]] : [];
    }),
  );
  if (Object.keys(tokens).length > 0) file.secrets = tokens;
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The file's tokens, or what is wrong with them: each must belong to a site in the file. */
function readSecrets(raw: unknown, config: Config): Secrets | string {
  const parsed = FileSecretsSchema.safeParse(raw);
  if (!parsed.success) return `${describeIssues(parsed.error.issues.map((i) => ({ ...i, path: ['secrets', ...i.path] })))} — ${FILE_HINT}`;
  const ids = new Set(config.sites.map((site) => site.id));
  const stray = Object.keys(parsed.data).find((id) => !ids.has(id));
  if (stray !== undefined) return `secrets.${stray}: no site in this file has the id "${stray}" — ${FILE_HINT}`;
  return parsed.data;
}

/** A pasted flags file that cannot be read at all would leave the site without flags. */
function checkInlineCatalogues(config: Config): string | undefined {
  for (const [index, site] of config.sites.entries()) {
    if (site.catalogue.provider !== 'flags-file' || site.catalogue.inline === undefined) continue;
    const parsed = parseFlagsFile(site.catalogue.inline);
    if (!parsed.ok) return `sites[${index}].catalogue.inline: ${parsed.error}`;
  }
  return undefined;
}
