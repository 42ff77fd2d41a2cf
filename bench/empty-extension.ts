import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a bench-only MV3 extension into `dir` (which must exist): a worker, the
 * declarativeNetRequest permission and `hosts`, nothing else. The baselines that ask "what does
 * any extension pay for this?" (a rule, a wake) are built from it; never part of a product build.
 */
export function writeEmptyExtension(dir: string, extension: { name: string; worker: string; hosts: readonly string[] }): void {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3,
    name: `Flagtab bench: ${extension.name}`,
    version: '1.0.0',
    background: { service_worker: 'background.js' },
    permissions: ['declarativeNetRequest'],
    host_permissions: extension.hosts,
  }, null, 2));
  writeFileSync(join(dir, 'background.js'), extension.worker);
}
