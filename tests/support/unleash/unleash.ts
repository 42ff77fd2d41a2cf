import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startPostgres, type Postgres } from './postgres';

const ENTRY = resolve(import.meta.dirname, 'unleash-process.mjs');
/** A fresh database needs its migrations (~1 s here); a slow CI machine gets plenty more. */
const START_TIMEOUT_MS = 120_000;

export interface RunningUnleash {
  /** Where Unleash answers, e.g. "http://127.0.0.1:41234" (the base URL a site configures). */
  url: string;
  /** An Admin API token ("*:*.…"): may do anything, as the seeding needs. */
  adminToken: string;
  /** The built-in admin user, for logging in (personal access tokens need a session). */
  admin: { username: string; password: string };
  /** How long each part took to start, in ms. */
  timings: { postgresMs: number; unleashMs: number };
  /** Unleash's and Postgres's output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A real Unleash 8 on 127.0.0.1 with its own throwaway PostgreSQL. Unleash runs in a child
 * process (its logger and signal handlers stay out of vitest) that exits when stop() asks or
 * when this process goes away. A failed start throws with both servers' output.
 *
 * @example const unleash = await startUnleash(); await seedUnleash(unleash); … await unleash.stop();
 */
export async function startUnleash(options: { logLevel?: 'debug' | 'info' | 'warn' | 'error' } = {}): Promise<RunningUnleash> {
  const adminToken = `*:*.${randomBytes(24).toString('hex')}`;
  const admin = { username: 'admin', password: `Flagtab-${randomBytes(9).toString('base64url')}` };
  let started = Date.now();
  const postgres = await startPostgres();
  const postgresMs = Date.now() - started;
  let child: ChildProcess | undefined;
  let output = '';
  const log = () => `--- Unleash ---\n${output.slice(-20_000)}\n--- PostgreSQL ---\n${postgres.log().slice(-5_000)}`;
  try {
    await postgres.createDatabase('unleash');
    started = Date.now();
    child = fork(ENTRY, [], {
      env: {
        ...process.env,
        TZ: 'UTC',
        SEND_TELEMETRY: 'false',
        CHECK_VERSION: 'false',
        FLAGTAB_UNLEASH: JSON.stringify({ databaseUrl: postgres.url('unleash'), adminToken, adminPassword: admin.password, logLevel: options.logLevel ?? 'warn' }),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-100_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const port = await listening(child, log);
    const unleashMs = Date.now() - started;
    const url = `http://127.0.0.1:${port}`;
    return { url, adminToken, admin, timings: { postgresMs, unleashMs }, log, stop: once(() => stopBoth(child!, postgres)) };
  } catch (error) {
    await stopBoth(child, postgres);
    throw error;
  }
}

function listening(child: ChildProcess, log: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`Unleash did not start: ${why}.\n${log()}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      if (typeof message.port === 'number') resolve(message.port);
      else fail(`it reported ${JSON.stringify(message)}`);
    });
    // 'close' comes after the output is read to the end, so the error shows all of it.
    child.once('close', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    child.once('error', (error) => fail(error.message));
  });
}

/** Unleash first (it holds connections to Postgres), then Postgres and its temp dir. */
async function stopBoth(child: ChildProcess | undefined, postgres: Postgres): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await postgres.stop();
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
