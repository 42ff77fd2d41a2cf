import { test as base, type Fixtures, type PlaywrightTestArgs, type PlaywrightTestOptions, type PlaywrightWorkerArgs, type PlaywrightWorkerOptions, type TestType } from '@playwright/test';
import { prepare, type FlagtabOptions } from './options';
import { startSession, type Flagtab } from './session';

export interface FlagtabFixtures {
  flagtab: Flagtab;
  /** The options under the name Playwright's config and mergeTests() see (test.use takes `flagtab`). */
  flagtabOptions: FlagtabOptions | undefined;
}

/**
 * `test.use({ flagtab: { site: 'shop' } })` names the options where the test reads the fixture:
 * Playwright would hand the test that object instead of the fixture, so this `test` (and what
 * its `extend` makes) passes it on as `flagtabOptions`.
 */
export type FlagtabTestType<T extends {}, W extends {}> = {
  use(fixtures: Fixtures<{}, {}, Omit<T, 'flagtab'> & { flagtab: FlagtabOptions }, W>): void;
  extend<T2 extends {}, W2 extends {} = {}>(fixtures: Fixtures<T2, W2, T, W>): FlagtabTestType<T & T2, W & W2>;
} & TestType<T, W>;

// Warned once per worker: the same site's message on every test would bury the results.
const warned = new Set<string>();

const extended: TestType<PlaywrightTestArgs & PlaywrightTestOptions & FlagtabFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions> = base.extend<FlagtabFixtures>({
  flagtabOptions: [undefined, { option: true }],
  flagtab: async ({ flagtabOptions, context }, use, testInfo) => {
    if (!flagtabOptions) throw new Error("the flagtab fixture needs its site: test.use({ flagtab: { site: 'shop' } }) (in playwright.config.ts: use: { flagtabOptions: { site: 'shop' } })");
    const prepared = await prepare(flagtabOptions);
    const session = await startSession(context, prepared);
    const warning = session.unsignedWarning;
    if (warning) {
      testInfo.annotations.push({ type: 'flagtab', description: warning });
      if (!warned.has(warning)) console.warn(`flagtab: ${warning}`);
      warned.add(warning);
    }
    await use(session.flagtab);
    await session.stop();
  },
});

type AnyTest = { use(fixtures: object): void; extend(fixtures: object): AnyTest };

function renamed(fixtures: object): object {
  if (!Object.hasOwn(fixtures, 'flagtab')) return fixtures;
  const { flagtab, ...rest } = fixtures as { flagtab: unknown };
  // A function or [value, options] replaces the fixture itself: that is Playwright's to handle.
  if (typeof flagtab === 'function' || Array.isArray(flagtab)) return fixtures;
  return { ...rest, flagtabOptions: flagtab };
}

function acceptingFlagtabUse<T extends AnyTest>(test: T): T {
  const { use, extend } = test;
  test.use = (fixtures) => use(renamed(fixtures));
  test.extend = (fixtures) => acceptingFlagtabUse(extend(fixtures));
  return test;
}

export const test = acceptingFlagtabUse(extended as unknown as AnyTest) as unknown as FlagtabTestType<PlaywrightTestArgs & PlaywrightTestOptions & FlagtabFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions>;
