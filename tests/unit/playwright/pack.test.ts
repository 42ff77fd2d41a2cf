import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { reportedTests, shopConfigFile } from './support';

/**
 * @flagtab/playwright as a user gets it: `npm pack`, install the tarball and @playwright/test
 * (from the npm cache the root install filled: --prefer-offline) into a scratch project, save
 * the exported configuration as ./flagtab-config.json, type-check the README's examples (NodeNext)
 * and run them unchanged with `npx playwright test` on Debian's Chromium against the demo shop.
 */
const PACKAGE = fileURLToPath(new URL('../../../packages/playwright/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'flagtab-playwright-pack-'));
let demo: DemoServer | undefined;
afterAll(async () => {
  await demo?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const versionOf = (name: string) => (JSON.parse(readFileSync(fileURLToPath(new URL(`../../../node_modules/${name}/package.json`, import.meta.url)), 'utf8')) as { version: string }).version;

// The strictest resolution a user may have: relative imports in the declarations must name files.
const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['tests', 'playwright.config.ts'] });

const CONFIG = `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: 'tests',
  workers: 2,
  timeout: 60_000,
  reporter: [['json', { outputFile: 'report.json' }]],
  use: { baseURL: process.env.SHOP_URL, launchOptions: { executablePath: '/usr/bin/chromium' } },
});
`;

describe('the packed @flagtab/playwright', () => {
  it('installs into a scratch project and runs its README examples green against the demo shop', async () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: PACKAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/types/packages/playwright/src/index.d.ts']));
    expect(files.filter((f) => f.startsWith('..') || f.startsWith('src/') || f.startsWith('tests/'))).toEqual([]);

    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    execFileSync('npm', ['install', join(scratch, packed[0]!.filename), ...['@playwright/test', 'typescript', '@types/node'].map((name) => `${name}@${versionOf(name)}`), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'pipe', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });

    const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => code.includes("from '@flagtab/playwright'"));
    expect(examples.find((code) => code.includes("toHaveHonoured('express-pay')")), 'README.md has the example').toBeDefined();
    expect(examples.find((code) => code.includes('flagCombinations(')), 'README.md has a combinations example').toBeDefined();
    mkdirSync(join(scratch, 'tests'));
    examples.forEach((code, i) => writeFileSync(join(scratch, 'tests', `readme-${i + 1}.spec.ts`), code));
    writeFileSync(join(scratch, 'playwright.config.ts'), CONFIG);
    writeFileSync(join(scratch, 'tsconfig.json'), TSCONFIG);
    // The examples type-check against the installed declarations (the fixture, the matcher).
    try {
      execFileSync('npx', ['tsc', '-p', '.'], { cwd: scratch, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      throw new Error(`the README examples do not type-check against the package:\n${(error as { stdout?: string }).stdout ?? ''}`);
    }

    demo = await startDemoServer();
    writeFileSync(join(scratch, 'flagtab-config.json'), shopConfigFile(demo.siteOrigin));
    const { FLAGTAB_CONFIG: _config, FLAGTAB_KEY_FILE: _key, FLAGTAB_TEAM_SECRET: _secret, ...env } = process.env;
    let output = '';
    const run = spawn('npx', ['playwright', 'test'], { cwd: scratch, env: { ...env, SHOP_URL: demo.siteOrigin }, stdio: ['ignore', 'pipe', 'pipe'] });
    run.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    run.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const code = await new Promise((resolve) => run.on('close', resolve));

    const tests = reportedTests(JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8')));
    expect(tests.map((t) => `${t.title}: ${t.status} ${t.errors.join('\n')}`), output).toEqual(expect.arrayContaining(['express checkout: passed ']));
    expect(tests.filter((t) => t.status !== 'passed'), output).toEqual([]);
    expect(tests.length).toBe(1 + 6);
    expect(code, output).toBe(0);
    // What reached the shop: the example's checkout carried express-pay and the scenario's values.
    const checkout = demo.requests.filter((r) => r.path === '/checkout');
    expect(checkout.map((r) => r.overrides)).toEqual([{ 'new-checkout': true, 'hero-banner': 'b', 'express-pay': true }]);
  }, 240_000);
});
