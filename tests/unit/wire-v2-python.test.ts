import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { VectorFile } from '../../scripts/wire-v2-vectors';

/**
 * An independent verifier must agree with ours on every vector: Debian's Python with PyJWT and
 * cryptography (python3-jwt, python3-cryptography; .ci/run installs them). Debian's interpreter
 * by its path, because `python3` on PATH may be another Python without those packages.
 */
const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('../conformance/verify_v2.py', import.meta.url));
const vectorsPath = fileURLToPath(new URL('../../docs/wire-v2-vectors.json', import.meta.url));

describe('the Python verifier (PyJWT)', () => {
  it('gives every vector its expected result', () => {
    const run = spawnSync(PYTHON, [script, vectorsPath], { encoding: 'utf8', timeout: 20_000 });
    if (run.error) throw new Error(`could not run ${PYTHON}: install Debian's python3, python3-jwt and python3-cryptography (.ci/run does)`, { cause: run.error });
    expect(run.status, `${PYTHON} ${script} failed:\n${run.stderr}\nInstall python3-jwt and python3-cryptography (apt-get install python3-jwt python3-cryptography).`).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ name: string; ok: boolean; reason?: string; values?: unknown; kid?: string; sub?: string }> };
    const { vectors } = JSON.parse(readFileSync(vectorsPath, 'utf8')) as VectorFile;
    expect(results.map((r) => r.name)).toEqual(vectors.map((v) => v.name));
    for (const [i, vector] of vectors.entries()) {
      const { name: _name, ...result } = results[i]!;
      expect(result, vector.name).toEqual(vector.expected);
    }
  });
});
