import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Waits until every test named in `all` has reached this point, so tests in two workers run at
 * the same time (the isolation test would prove little one after the other). Each announces
 * itself with a file in FLAGTAB_RENDEZVOUS; without it, no wait.
 */
export async function rendezvous(name: string, all: readonly string[]): Promise<void> {
  const dir = process.env.FLAGTAB_RENDEZVOUS;
  if (!dir) return;
  writeFileSync(join(dir, name), String(Date.now()));
  const deadline = Date.now() + 45_000;
  while (!all.every((other) => existsSync(join(dir, other)))) {
    if (Date.now() > deadline) throw new Error(`rendezvous: ${all.filter((o) => !existsSync(join(dir, o))).join(', ')} never started; is workers 2?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
