import { z } from 'zod';
import { parseFlagsFile } from '../catalogue/flags-file';
import { describeIssues } from './issues';
import { migrateConfig, type ConfigReadResult } from './migrations';
import { ConfigShape, type Config } from './versions';

/**
 * The import/export file: the whole configuration as one JSON document,
 *
 *   { "$schema": "https://flagtab.dev/config.schema.json", "format": "flagtab-config", "version": 1, "sites": [...] }
 *
 * `version` is the configuration's format version, so an older export goes through the same
 * migrations as older stored data. docs/config.schema.json is generated from
 * `ConfigFileSchema` (`npm run schema`).
 */
export const CONFIG_FILE_FORMAT = 'flagtab-config';
export const CONFIG_SCHEMA_URL = 'https://flagtab.dev/config.schema.json';
export const CONFIG_FILE_NAME = 'flagtab-config.json';
/** Two sites with the largest pasted flags files, and then some. */
export const MAX_CONFIG_FILE_CHARS = 12 * 1024 * 1024;

const FILE_HINT = 'check the file is a Flagtab configuration export';

const EnvelopeShape = {
  $schema: z.string().optional().describe('The JSON Schema this file follows, for editors.'),
  format: z.literal(CONFIG_FILE_FORMAT).describe('Marks the file as a Flagtab configuration.'),
};

/** The file as it is written and read (the current version). */
export const ConfigFileSchema = z.object({ ...EnvelopeShape, ...ConfigShape }).meta({
  title: 'Flagtab configuration',
  description:
    'Sites Flagtab can override flags on: their hosts, flag catalogue, transports and expiry. ' +
    'Export it from, and import it into, the Flagtab options page.',
});
export type ConfigFile = z.input<typeof ConfigFileSchema>;

export type ConfigFileResult = ConfigReadResult;

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

  const { $schema: _schema, format: _format, ...config } = doc as Record<string, unknown>;
  const result = migrateConfig(config);
  if (!result.ok) return result;

  const badCatalogue = checkInlineCatalogues(result.config);
  return badCatalogue ? { ok: false, error: badCatalogue } : result;
}

/**
 * The file for a configuration: pretty JSON, ending in a newline.
 *
 * @example download(CONFIG_FILE_NAME, exportConfigFile(config));
 */
export function exportConfigFile(config: Config): string {
  const file: z.output<typeof ConfigFileSchema> = {
    $schema: CONFIG_SCHEMA_URL,
    format: CONFIG_FILE_FORMAT,
    version: config.version,
    sites: config.sites,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
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
