import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVersionChain } from '../../lib/config/migration-chain';
import { CONFIG_CHAIN, migrateConfig } from '../../lib/config/migrations';
import { CONFIG_VERSION } from '../../lib/config/versions';

// A test-only history: v1 had one "name", v2 split it into first/last, v3 added tags.
const DocV1 = z.object({ version: z.literal(1), name: z.string() });
const DocV2 = z.object({ version: z.literal(2), first: z.string(), last: z.string() });
const DocV3 = z.object({ version: z.literal(3), first: z.string(), last: z.string(), tags: z.array(z.string()).default([]) });

const chain = createVersionChain(DocV1)
  .then(DocV2, (v1) => {
    const [first = '', ...rest] = v1.name.split(' ');
    return { version: 2 as const, first, last: rest.join(' ') };
  })
  .then(DocV3, (v2) => ({ ...v2, version: 3 as const }));

describe('a version chain', () => {
  it('knows its first and latest versions', () => {
    expect(chain.first).toBe(1);
    expect(chain.latest).toBe(3);
  });

  it('steps an old document through every version', () => {
    expect(chain.read({ version: 1, name: 'Ada Lovelace King' })).toEqual({
      ok: true,
      value: { version: 3, first: 'Ada', last: 'Lovelace King', tags: [] },
      migratedFrom: 1,
    });
    expect(chain.read({ version: 2, first: 'Grace', last: 'Hopper' })).toEqual({
      ok: true,
      value: { version: 3, first: 'Grace', last: 'Hopper', tags: [] },
      migratedFrom: 2,
    });
  });

  it('reads the latest version as it is, without migratedFrom', () => {
    const result = chain.read({ version: 3, first: 'A', last: 'B', tags: ['x'] });
    expect(result).toEqual({ ok: true, value: { version: 3, first: 'A', last: 'B', tags: ['x'] } });
  });

  it('validates a document against the schema of its own version', () => {
    const result = chain.read({ version: 2, first: 'only' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.kind).toBe('invalid');
      expect(result.problem).toMatchObject({ version: 2, issues: [{ path: ['last'] }] });
    }
  });

  it('refuses documents from a newer version, and older than it knows', () => {
    expect(chain.read({ version: 4 })).toEqual({ ok: false, problem: { kind: 'newer', found: 4, latest: 3 } });
    expect(chain.read({ version: 0 })).toEqual({ ok: false, problem: { kind: 'older', found: 0, first: 1 } });
  });

  it('refuses documents without a whole-number version', () => {
    expect(chain.read([])).toEqual({ ok: false, problem: { kind: 'not-an-object' } });
    expect(chain.read(null)).toEqual({ ok: false, problem: { kind: 'not-an-object' } });
    expect(chain.read({ version: '1' })).toEqual({ ok: false, problem: { kind: 'no-version', found: '1' } });
    expect(chain.read({ version: 1.5 })).toEqual({ ok: false, problem: { kind: 'no-version', found: 1.5 } });
  });

  it('reports a step whose output does not fit the next schema', () => {
    const broken = createVersionChain(DocV1).then(DocV2, (v1) => ({ version: 2 as const, first: v1.name }) as never);
    const result = broken.read({ version: 1, name: 'x' });
    expect(result).toMatchObject({ ok: false, problem: { kind: 'upgrade-failed', from: 1, to: 2 } });
  });
});

describe('migrateConfig', () => {
  it('is the chain of the current version', () => {
    expect(CONFIG_CHAIN.latest).toBe(CONFIG_VERSION);
  });

  it('reads a current document and fills defaults', () => {
    const result = migrateConfig({
      version: 1,
      sites: [{ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://f.example.com/flags.json' } }],
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.migratedFrom).toBeUndefined();
      expect(result.config.sites[0]).toMatchObject({ expiryMinutes: 480, transports: { header: { enabled: true } } });
    }
  });

  it('tells the user to update Flagtab for a newer document', () => {
    const result = migrateConfig({ version: 2, sites: [], somethingNew: true });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/newer version of Flagtab.*update Flagtab/) });
  });

  it('names the invalid field', () => {
    const result = migrateConfig({
      version: 1,
      sites: [{ id: 'shop', name: 'Shop', hosts: ['shop.example.com', 'https://x.example.com/'], catalogue: { provider: 'flags-file', inline: '[]' } }],
    });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^sites\[0\]\.hosts\[1\]: must be a host name like "shop\.example\.com"/) });
  });

  it('explains what a configuration looks like when given something else', () => {
    expect(migrateConfig('hello')).toEqual({ ok: false, error: expect.stringContaining('"version": 1') });
    expect(migrateConfig({ sites: [] })).toEqual({ ok: false, error: expect.stringMatching(/^version: must be a whole number/) });
  });
});
