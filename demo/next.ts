import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const NEXT = createRequire(import.meta.url).resolve('next/dist/bin/next');

export interface NextApp {
  /** The port `next start` listens on, on 127.0.0.1. */
  port: number;
  /** How long `next build` took (ms): about 20 s cold on two cores, seconds with its .next cache. */
  buildMs: number;
  close(): void;
}

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

/**
 * A real Next.js app as its team runs it: `next build`, then `next start` on a free port, once
 * it answers. `env` reaches both (FLAGS_SECRET, keys…). For tests and demos of the server kit
 * and the Vercel Flags transport.
 *
 * @example const app = await startNextApp(fileURLToPath(new URL('./vercel-app/', import.meta.url)), { FLAGS_SECRET });
 */
export async function startNextApp(dir: string, env: Record<string, string>): Promise<NextApp> {
  const fullEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env };
  const started = Date.now();
  execFileSync(process.execPath, [NEXT, 'build', dir], { env: fullEnv, stdio: 'pipe' });
  const buildMs = Date.now() - started;
  const port = await freePort();
  const server = spawn(process.execPath, [NEXT, 'start', dir, '-H', '127.0.0.1', '-p', String(port)], { env: fullEnv, stdio: 'pipe' });
  let output = '';
  server.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  server.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  // Wait for it to listen: retry the connection, bounded (about 20 s).
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { port, buildMs, close: () => void server.kill() };
    } catch (error) {
      if (i > 200 || server.exitCode !== null) {
        server.kill();
        throw new Error(`next start did not listen: ${output}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
