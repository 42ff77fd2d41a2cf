import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorld, curlWith, type CliWorld } from './support';

/**
 * @flagtab/cli as a user gets it: `npm pack`, install the tarball into a scratch project, and run
 * `npx flagtab` there: its header, fed to curl, turns a flag on for one request to the demo shop;
 * `npx flagtab curl` does the same by itself; bad input exits 2.
 */
const PACKAGE = fileURLToPath(new URL('../../../packages/cli/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'flagtab-cli-pack-'));
let world: CliWorld;
beforeAll(async () => { world = await cliWorld(); });
afterAll(async () => {
  await world.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed @flagtab/cli', () => {
  it('installs into a scratch project, and npx flagtab header + curl turns a flag on for one request', async () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: PACKAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(packed[0]!.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/cli.js', 'package.json']);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    execFileSync('npm', ['install', join(scratch, packed[0]!.filename), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'pipe' });
    writeFileSync(join(scratch, 'flagtab-config.json'), readFileSync(world.configFile));

    // Asynchronous: the demo shop answers from this process, so a blocking spawn would starve it.
    const npx = (...args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npx', ['--no-install', 'flagtab', ...args], { cwd: scratch, encoding: 'utf8', env: { ...process.env, FLAGTAB_CONFIG: '' } }, (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
    const header = await npx('header', '--site', 'shop', 'express-pay=true');
    expect(header.stderr).toBe('');
    expect(header.status).toBe(0);
    const lines = header.stdout.trim().split('\n');
    expect(lines[0]).toBe('X-Feature-Flags: express-pay=true');
    const page = await curlWith(lines, `${world.demo.siteOrigin}/checkout`);
    expect(page).toContain('<h2>Express Checkout</h2>');
    expect(await curlWith([], `${world.demo.siteOrigin}/checkout`)).not.toContain('Express Checkout');

    const viaCurl = await npx('curl', '--site', 'shop', 'express-pay=true', '--', '-s', `${world.demo.siteOrigin}/checkout`);
    expect(viaCurl.status).toBe(0);
    expect(viaCurl.stdout).toContain('<h2>Express Checkout</h2>');

    const bad = await npx('header', '--site', 'shop', 'express-pay=perhaps');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"perhaps" is not a value of express-pay');
    expect((await npx('--help')).stdout).toContain('header     print the header');
  }, 120_000);
});
