import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian installs each PostgreSQL major under /usr/lib/postgresql/<major>; take the newest. */
const BIN = process.env.FLAGTAB_PG_BIN ?? newestPostgresBin();
const run = promisify(execFile);

export interface Postgres {
  host: string;
  port: number;
  /** A connection URL for `database` (created with createDatabase first). */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** What the server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A throwaway PostgreSQL 15 on 127.0.0.1 with its data in a fresh temp dir. Postgres refuses to
 * run as root, so initdb and the server run as the `postgres` user. Durability is switched off:
 * the data dies with the test run.
 */
export async function startPostgres(): Promise<Postgres> {
  const account = { uid: idOf('-u'), gid: idOf('-g') };
  const dir = mkdtempSync(join(tmpdir(), 'flagtab-pg-'));
  chownSync(dir, account.uid, account.gid);
  const data = join(dir, 'data');
  try {
    await run(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...account, cwd: dir });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  }
  // Another process may take the free port between the probe and the bind: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = spawnServer(data, dir, port, account);
    try {
      await server.ready;
      return handle(server.child, server.log, port, dir);
    } catch (error) {
      await kill(server.child);
      if (attempt < 3 && /could not bind|in use/i.test(server.log())) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
}

function spawnServer(data: string, dir: string, port: number, account: { uid: number; gid: number }) {
  const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=50', 'shared_buffers=32MB'];
  const child = spawn(join(BIN, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, ...settings.flatMap((s) => ['-c', s])], {
    ...account,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = () => output;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 30 s:\n${output}`)), 30_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${signal ?? code}) while starting:\n${output}`));
    });
    child.once('error', reject);
  });
  return { child, ready, log };
}

function handle(child: ChildProcess, log: () => string, port: number, dir: string): Postgres {
  const watchdog = watch(child.pid!, dir);
  let stopped: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      await run(join(BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name}"`]);
    },
    log,
    stop: () =>
      (stopped ??= (async () => {
        killGroup(watchdog);
        await kill(child);
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/**
 * Stops Postgres and removes its dir if this test process dies without calling stop()
 * (a crash, a SIGKILL): the watchdog waits for its stdin pipe to close, which happens when
 * its parent goes away however it goes.
 */
function watch(pid: number, dir: string): ChildProcess {
  const script = 'cat >/dev/null; kill -QUIT "$0" 2>/dev/null; sleep 1; rm -rf "$1"';
  const watchdog = spawn('sh', ['-c', script, String(pid), dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void }).unref();
  return watchdog;
}

/** SIGINT is Postgres's fast shutdown; SIGKILL if it has not gone after 5 s. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The watchdog is `sh` and its `cat`, in a process group of their own. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error; // ESRCH: already gone
  }
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

function newestPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!majors[0]) throw new Error('PostgreSQL is not installed: run `apt-get install postgresql` (the Unleash tests start their own server).');
  return join(root, majors[0], 'bin');
}
