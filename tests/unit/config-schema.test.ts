import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// ajv is the validator editors and CI tools use for JSON Schema; 2020-12 is the draft zod writes.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_URL, exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { buildConfigJsonSchema } from '../../lib/config/json-schema';

const docsPath = fileURLToPath(new URL('../../docs/config.schema.json', import.meta.url));

const sample = {
  $schema: CONFIG_SCHEMA_URL,
  format: 'flagtab-config',
  version: 1,
  sites: [
    {
      id: 'shop',
      name: 'Shop',
      hosts: ['shop.example.com', '*.cdn-shop.example.net'],
      catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
      transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } },
      expiryMinutes: 60,
    },
    // Defaults left out, as a hand-written file would.
    { id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: { provider: 'flags-file', inline: '["comments"]' } },
  ],
};

function validator() {
  // Formats ("uri") are annotations here; zod checks URLs on import.
  return new Ajv2020({ allErrors: true, validateFormats: false }).compile(buildConfigJsonSchema());
}

describe('docs/config.schema.json', () => {
  it('is up to date with the zod schema of the configuration file', () => {
    const written: unknown = JSON.parse(readFileSync(docsPath, 'utf8'));
    expect(written, 'docs/config.schema.json is stale: run `npm run schema` and commit the result').toEqual(
      buildConfigJsonSchema(),
    );
  });

  it('describes the file format and where the schema lives', () => {
    expect(buildConfigJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: CONFIG_SCHEMA_URL,
      required: ['format', 'version', 'sites'],
    });
  });

  it('accepts a sample file that Flagtab imports, with defaults left out', () => {
    const validate = validator();
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(parseConfigFile(JSON.stringify(sample)).ok).toBe(true);
  });

  it('accepts what Flagtab exports', () => {
    const parsed = parseConfigFile(JSON.stringify(sample));
    if (!parsed.ok) throw new Error(parsed.error);
    const validate = validator();
    expect(validate(JSON.parse(exportConfigFile(parsed.config))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects files that Flagtab rejects for their shape', () => {
    const validate = validator();
    const broken = [
      { ...sample, format: 'other' },
      { ...sample, version: 2 },
      { ...sample, sites: [{ ...sample.sites[1], hosts: ['https://blog.example.com/'] }] },
      { ...sample, sites: [{ ...sample.sites[1], id: 'Not A Slug' }] },
      { ...sample, sites: [{ ...sample.sites[1], hosts: [] }] },
      { ...sample, sites: [{ ...sample.sites[1], expiryMinutes: 0 }] },
    ];
    for (const doc of broken) {
      expect(validate(doc), JSON.stringify(doc)).toBe(false);
      expect(parseConfigFile(JSON.stringify(doc)).ok).toBe(false);
    }
  });
});
