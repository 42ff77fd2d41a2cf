import type { TestProject } from 'vitest/node';
import { seedUnleash } from '../support/unleash/seed';
import { startUnleash } from '../support/unleash/unleash';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real Unleash the `unleash` project's tests talk to, seeded with SEEDED_FLAGS. */
    unleash: { url: string; adminToken: string; seeded: { from: number; until: number } };
  }
}

/** Starts PostgreSQL and Unleash once for the whole run, seeds them, and stops both after. */
export default async function setup(project: TestProject) {
  const unleash = await startUnleash();
  let seeded: { from: number; until: number };
  try {
    const started = Date.now();
    await seedUnleash(unleash);
    seeded = { from: started, until: Date.now() };
    const seedMs = seeded.until - started;
    if (process.env.FLAGTAB_TIMINGS) {
      console.log(`Unleash harness: Postgres ${unleash.timings.postgresMs} ms, Unleash ${unleash.timings.unleashMs} ms, seed ${seedMs} ms`);
    }
  } catch (error) {
    await unleash.stop();
    throw new Error(`Seeding Unleash failed: ${error instanceof Error ? error.message : String(error)}\n${unleash.log()}`, { cause: error });
  }
  project.provide('unleash', { url: unleash.url, adminToken: unleash.adminToken, seeded });
  return () => unleash.stop();
}
