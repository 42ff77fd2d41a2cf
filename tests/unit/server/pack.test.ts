import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTHORIZED_KEYS, token } from './support';

/**
 * @flagtab/server as a user gets it: `npm pack`, install the tarball and express into a scratch
 * project, run the README's Express example unchanged (and type-check it as TypeScript, NodeNext),
 * and send it one signed and one unsigned request. Express comes from the npm cache the root install filled (--prefer-offline). Then the
 * README's Next.js proxy, also unchanged, on a real NextRequest; next (340 MB with its binaries)
 * is linked from the repository's node_modules rather than installed again.
 */
const PACKAGE = fileURLToPath(new URL('../../../packages/server/', import.meta.url));
const versionOf = (name: string) => (JSON.parse(readFileSync(fileURLToPath(new URL(`../../../node_modules/${name}/package.json`, import.meta.url)), 'utf8')) as { version: string }).version;
const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['app.ts'] });
const scratch = mkdtempSync(join(tmpdir(), 'flagtab-server-pack-'));
let app: ChildProcess | undefined;
afterAll(() => {
  app?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

describe('the packed @flagtab/server', () => {
  it('installs into a scratch project and its README examples (Express, Next.js proxy) honour signed overrides only', async () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: PACKAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/express.js', 'dist/next.js', 'dist/types/packages/server/src/express.d.ts', 'dist/types/packages/server/src/next.d.ts', 'dist/types/lib/wire/v2/verify.d.ts']));
    expect(files.filter((f) => f.startsWith('..') || f.startsWith('src/'))).toEqual([]);

    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    const tools = ['typescript', '@types/node', '@types/express'].map((name) => `${name}@${versionOf(name)}`);
    execFileSync('npm', ['install', join(scratch, packed[0]!.filename), 'express', ...tools, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'pipe' });

    const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes('@flagtab/server/express') && code.includes('app.listen'));
    expect(example, 'README.md has a runnable Express example').toBeDefined();
    writeFileSync(join(scratch, 'app.mjs'), example!);
    // The same example type-checks as TypeScript under the strictest resolution a user may have
    // (relative imports in the declarations must name their files; req.flagtab is typed).
    writeFileSync(join(scratch, 'app.ts'), example!);
    writeFileSync(join(scratch, 'tsconfig.json'), TSCONFIG);
    try {
      execFileSync('npx', ['tsc', '-p', '.'], { cwd: scratch, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      throw new Error(`the README's Express example does not type-check against the installed package:\n${(error as { stdout?: string }).stdout}`, { cause: error });
    }

    const port = await freePort();
    app = spawn(process.execPath, ['app.mjs'], { cwd: scratch, env: { ...process.env, PORT: String(port), FLAGTAB_AUTHORIZED_KEYS: AUTHORIZED_KEYS }, stdio: 'pipe' });
    let stderr = '';
    app.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const get = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/`, { headers });
    // Wait for the example to listen: retry the connection, bounded.
    for (let i = 0; ; i++) {
      try {
        await get({});
        break;
      } catch (error) {
        if (i > 100 || app.exitCode !== null) throw new Error(`the README example did not start: ${stderr}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const signed = await get({ 'X-Feature-Flags-V2': await token({ 'new-checkout': true }) });
    expect(signed.headers.get('x-feature-flags-status')).toBe('accepted; kid="alice"; n=1');
    expect(await signed.json()).toEqual({ newCheckout: true });
    const unsigned = await get({ 'X-Feature-Flags': 'new-checkout=true' });
    expect(unsigned.headers.get('x-feature-flags-status')).toBe('rejected; reason=unsigned');
    expect(await unsigned.json()).toEqual({ newCheckout: false });

    // The README's Next.js proxy.ts (plain JS as written) from the installed tarball.
    const proxy = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes('@flagtab/server/next') && code.includes('export const proxy'));
    expect(proxy, 'README.md has a Next.js proxy example').toBeDefined();
    writeFileSync(join(scratch, 'proxy.mjs'), proxy!);
    symlinkSync(realpathSync(dirname(createRequire(import.meta.url).resolve('next/package.json'))), join(scratch, 'node_modules', 'next'), 'dir');
    writeFileSync(join(scratch, 'check.mjs'), [
      "import { NextRequest } from 'next/server.js';",
      "import { proxy } from './proxy.mjs';",
      "const response = await proxy(new NextRequest('https://shop.example.com/', { headers: JSON.parse(process.argv[2]) }));",
      "console.log(JSON.stringify({ status: response.headers.get('x-feature-flags-status'), values: response.headers.get('x-middleware-request-x-flagtab-values') }));",
    ].join('\n'));
    const check = (headers: Record<string, string>) => JSON.parse(execFileSync(process.execPath, ['check.mjs', JSON.stringify(headers)], { cwd: scratch, env: { ...process.env, FLAGTAB_AUTHORIZED_KEYS: AUTHORIZED_KEYS }, encoding: 'utf8' })) as unknown;
    expect(check({ 'X-Feature-Flags-V2': await token({ 'new-checkout': true }) })).toEqual({ status: 'accepted; kid="alice"; n=1', values: 'new-checkout=true' });
    expect(check({ 'X-Feature-Flags': 'new-checkout=true', 'x-flagtab-values': 'new-checkout=true' })).toEqual({ status: 'rejected; reason=unsigned', values: null });
  }, 120_000);
});
