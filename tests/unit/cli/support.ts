import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { exportConfigFile } from '../../../lib/config/file';
import { migrateConfig } from '../../../lib/config/migrations';
import type { Output } from '../../../packages/cli/src/output';

/** A demo shop, and a folder holding a configuration for it as Flagtab's options page exports it. */
export interface CliWorld {
  demo: DemoServer;
  dir: string;
  configFile: string;
  /** Rewrites the configuration with the site's transports changed (e.g. signing on). */
  writeConfig(transports?: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function cliWorld(): Promise<CliWorld> {
  const demo = await startDemoServer();
  const dir = mkdtempSync(join(tmpdir(), 'flagtab-cli-'));
  const configFile = join(dir, 'flagtab-config.json');
  const writeConfig = (transports: Record<string, unknown> = {}) => {
    const result = migrateConfig({
      version: 1,
      sites: [{ id: 'shop', name: 'Demo Shop', hosts: ['shop.localhost'], catalogue: { provider: 'flags-file', url: `${demo.siteOrigin}/flags.json` }, transports }],
      scenarios: [{ id: 'new-checkout-b', siteId: 'shop', name: 'New checkout, banner B', tickets: ['SHOP-142'], values: { 'new-checkout': true, 'hero-banner': 'b' } }],
    });
    if (!result.ok) throw new Error(result.error);
    writeFileSync(configFile, exportConfigFile(result.config));
  };
  writeConfig();
  return { demo, dir, configFile, writeConfig, close: async () => { await demo.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** An Output that keeps what a command printed. */
export function captured(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, print: (line) => void out.push(line), warn: (line) => void err.push(line) };
}

/** Runs real curl with `-H` lines made from "Name: value" header lines; resolves its stdout. */
export function curlWith(headerLines: readonly string[], url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-i', ...headerLines.flatMap((line) => ['-H', line]), url], (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
