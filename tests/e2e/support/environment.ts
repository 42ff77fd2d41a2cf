import { afterAll, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { launchWithExtension, type ExtensionBrowser } from '../../../demo/browser/extension';

export interface TestEnvironment {
  demo: DemoServer;
  ext: ExtensionBrowser;
}

/**
 * One demo shop and one Chromium with Flagtab for the whole test file, closed after it.
 * Call at the top of a file; the fields are filled before the first test runs.
 */
export function useDemoAndExtension(): TestEnvironment {
  const env = {} as TestEnvironment;
  beforeAll(async () => {
    env.demo = await startDemoServer();
    env.ext = await launchWithExtension();
  });
  afterAll(async () => {
    await env.ext?.close();
    await env.demo?.close();
  });
  return env;
}
