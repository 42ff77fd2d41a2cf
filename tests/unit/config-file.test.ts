import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSPORTS } from '../support/transports';
import { CONFIG_SCHEMA_URL, exportConfigFile, parseConfigFile } from '../../lib/config/file';
import type { Config } from '../../lib/config/versions';
import { DEFAULT_DETECTION } from '../../lib/config/schema';

const site = (over: Record<string, unknown> = {}) => ({
  id: 'shop',
  name: 'Shop',
  hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
  ...over,
});
const file = (sites: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ $schema: CONFIG_SCHEMA_URL, format: 'flagtab-config', version: 1, sites, ...extra });

describe('parseConfigFile', () => {
  it('reads a file and fills defaults', () => {
    const result = parseConfigFile(file([site(), site({ id: 'blog', name: 'Blog', hosts: ['*.blog.example.com'] })]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.sites).toHaveLength(2);
    expect(result.config.sites[0]).toEqual({
      ...site(),
      transports: DEFAULT_TRANSPORTS,
      expiryMinutes: 480,
      detection: DEFAULT_DETECTION,
    });
  });

  it('round-trips what it exports', () => {
    const parsed = parseConfigFile(file([site({ expiryMinutes: 30 })]));
    if (!parsed.ok) throw new Error(parsed.error);
    const text = exportConfigFile(parsed.config);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format": "flagtab-config"');
    expect(JSON.parse(text)).toMatchObject({ $schema: CONFIG_SCHEMA_URL, format: 'flagtab-config', version: 1 });
    expect(parseConfigFile(text)).toEqual({ ok: true, config: parsed.config });
  });

  it('exports an empty configuration', () => {
    const empty: Config = { version: 1, sites: [], scenarios: [] };
    expect(parseConfigFile(exportConfigFile(empty))).toEqual({ ok: true, config: empty });
  });

  it('names the bad field and says why', () => {
    const result = parseConfigFile(file([site({ hosts: ['shop.example.com', 'https://shop.example.com:8080/'] })]));
    expect(result).toEqual({
      ok: false,
      error: 'sites[0].hosts[1]: must be a host name like "shop.example.com" or "*.example.com" (no scheme, port or path)',
    });
    expect(parseConfigFile(file([site({ catalogue: { provider: 'flags-file' } })]))).toEqual({
      ok: false,
      error: expect.stringMatching(/^sites\[0\]\.catalogue: give either "url" or "inline"/),
    });
    expect(parseConfigFile(file([site({ expiryMinutes: -5, name: '' })]))).toEqual({
      ok: false,
      error: 'sites[0].name: must not be empty (and 1 more problem)',
    });
  });

  it('explains broken JSON', () => {
    const result = parseConfigFile('{ "format": "flagtab-config", ');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^not valid JSON: .+ — check the file is a Flagtab configuration export$/) });
  });

  it('refuses files that are not a Flagtab configuration', () => {
    expect(parseConfigFile('[]')).toEqual({ ok: false, error: expect.stringContaining('looks like a flags file') });
    expect(parseConfigFile('{"flags": {}}')).toEqual({ ok: false, error: expect.stringContaining('looks like a flags file') });
    expect(parseConfigFile('{"format": "other", "version": 1, "sites": []}')).toEqual({
      ok: false,
      error: expect.stringMatching(/^format: .*flagtab-config.* — check the file is a Flagtab configuration export$/),
    });
    expect(parseConfigFile('"text"')).toEqual({ ok: false, error: expect.stringContaining('"format": "flagtab-config"') });
  });

  it('tells the user to update Flagtab for a file from a newer version', () => {
    expect(parseConfigFile(file([], { version: 2 }))).toEqual({ ok: false, error: expect.stringContaining('update Flagtab') });
  });

  it('names duplicate site ids', () => {
    const result = parseConfigFile(file([site(), site({ hosts: ['other.example.com'] })]));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^sites\[1\]\.id: "shop" is already the id of "Shop" \(sites\[0\]\)/) });
  });

  it('refuses a host claimed by two sites, also through a wildcard', () => {
    const exact = parseConfigFile(file([site(), site({ id: 'other', name: 'Other' })]));
    expect(exact).toEqual({ ok: false, error: expect.stringMatching(/^sites\[1\]\.hosts\[0\]: "shop\.example\.com" already belongs to "Shop" \(sites\[0\]\) — a host can belong to one site only/) });
    const wildcard = parseConfigFile(file([site({ hosts: ['*.example.com'] }), site({ id: 'other', name: 'Other', hosts: ['a.b.example.com'] })]));
    expect(wildcard.ok).toBe(false);
    const separate = parseConfigFile(file([site(), site({ id: 'other', name: 'Other', hosts: ['example.com', '*.example.org'] })]));
    expect(separate.ok).toBe(true);
  });

  it('checks pasted flags files', () => {
    const result = parseConfigFile(file([site({ catalogue: { provider: 'flags-file', inline: '{ nope' } })]));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^sites\[0\]\.catalogue\.inline: not valid JSON/) });
  });

  it('accepts a byte-order mark and normalises host case', () => {
    const result = parseConfigFile(`\uFEFF${file([site({ hosts: ['Shop.Example.COM'] })])}`);
    expect(result.ok && result.config.sites[0]?.hosts).toEqual(['shop.example.com']);
  });
});

describe('tokens in the configuration file', () => {
  const config = (): Config => {
    const parsed = parseConfigFile(file([site(), site({ id: 'blog', name: 'Blog', hosts: ['blog.example.com'] })]));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.config;
  };

  it('exports no tokens unless given, and only those of the exported sites', () => {
    expect(JSON.parse(exportConfigFile(config()))).not.toHaveProperty('secrets');
    const text = exportConfigFile(config(), { shop: { catalogue: 'tok-shop' }, other: { catalogue: 'tok-other' } });
    expect(JSON.parse(text).secrets).toEqual({ shop: { catalogue: 'tok-shop' } });
    expect(text).not.toContain('tok-other');
    expect(JSON.parse(exportConfigFile(config(), { other: { catalogue: 'tok-other' } }))).not.toHaveProperty('secrets');
  });

  it('exports each site\'s catalogue and tracker tokens, and never where the store bound them', () => {
    const stored = {
      shop: { catalogue: 'tok-shop', 'catalogue@origin': 'https://flags.example.com', tracker: 'tok-jira', 'tracker@origin': 'https://acme.atlassian.net' },
      blog: { tracker: 'tok-linear', 'tracker@origin': 'https://api.linear.app' },
    };
    const text = exportConfigFile(config(), stored);
    expect(JSON.parse(text).secrets).toEqual({ shop: { catalogue: 'tok-shop', tracker: 'tok-jira' }, blog: { tracker: 'tok-linear' } });
    expect(text).not.toContain('@origin');
  });

  it('reads back the tokens it exported', () => {
    const result = parseConfigFile(exportConfigFile(config(), { blog: { catalogue: 'tok-blog' } }));
    expect(result).toEqual({ ok: true, config: config(), secrets: { blog: { catalogue: 'tok-blog' } } });
    expect(parseConfigFile(exportConfigFile(config()))).not.toHaveProperty('secrets');
    const both = { shop: { catalogue: 'tok-shop', tracker: 'tok-jira' }, blog: { tracker: 'tok-linear' } };
    expect(parseConfigFile(exportConfigFile(config(), both))).toEqual({ ok: true, config: config(), secrets: both });
  });

  it('takes no token\'s address from the file: that comes from the site the token arrives with', () => {
    const result = parseConfigFile(file([site()], { secrets: { shop: { tracker: 'tok', 'tracker@origin': 'https://evil.example', 'catalogue@origin': 'https://evil.example' } } }));
    expect(result.ok && result.secrets).toEqual({ shop: { tracker: 'tok' } });
  });

  it('names what is wrong with a file\'s tokens', () => {
    const withSecrets = (secrets: unknown) => parseConfigFile(file([site()], { secrets }));
    expect(withSecrets({ blog: { catalogue: 'x' } })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.blog: no site in this file has the id "blog"/) });
    expect(withSecrets({ shop: { catalogue: '  ' } })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop\.catalogue: must not be empty/) });
    expect(withSecrets({ shop: { catalogue: 'x'.repeat(5000) } })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop\.catalogue: is too long for a token/) });
    expect(withSecrets({ shop: { tracker: '' } })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop\.tracker: must not be empty/) });
    expect(withSecrets({ shop: {} })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop: must hold a "catalogue" or a "tracker" token/) });
    expect(withSecrets({ shop: { 'tracker@origin': 'https://evil.example' } })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop: must hold/) });
    expect(withSecrets({ shop: 'token' })).toEqual({ ok: false, error: expect.stringMatching(/^secrets\.shop: /) });
    expect(withSecrets(['token'])).toEqual({ ok: false, error: expect.stringMatching(/^secrets: /) });
    // An own "__proto__" key, as JSON.parse makes it, is dropped: no token reaches the store.
    const proto = withSecrets(JSON.parse('{"__proto__": {"catalogue": "x"}}'));
    expect(proto.ok && proto.secrets).toEqual({});
  });
});
