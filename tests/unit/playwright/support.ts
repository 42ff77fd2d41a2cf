import { ConfigSchema } from '../../../lib/config/versions';
import { exportConfigFile } from '../../../lib/config/file';
import type { SiteInput } from '../../../lib/config/schema';
import { demoSite } from '../../../demo/browser/flagtab';

/**
 * The demo shop as the exported configuration a team hands its test suite: the site "shop"
 * (the example names it so) and its scenario "new-checkout-b".
 */
export function shopConfigFile(siteOrigin: string, overrides: Partial<SiteInput> = {}): string {
  const config = ConfigSchema.parse({
    version: 1,
    sites: [demoSite(siteOrigin, { id: 'shop', name: 'Shop', ...overrides })],
    scenarios: [{ id: 'new-checkout-b', siteId: 'shop', name: 'New checkout, banner B', tickets: [], values: { 'new-checkout': true, 'hero-banner': 'b' } }],
  });
  return exportConfigFile(config);
}

/** One test's outcome in Playwright's JSON report. */
export interface ReportedTest {
  title: string;
  project: string;
  status: string;
  workerIndex: number;
  errors: string[];
  annotations: Array<{ type: string; description?: string }>;
}

interface ReportSuite {
  suites?: ReportSuite[];
  specs?: Array<{ title: string; tests: Array<{ projectName: string; annotations: ReportedTest['annotations']; results: Array<{ status: string; workerIndex: number; errors: Array<{ message?: string }> }> }> }>;
}

/** Every test of a JSON report (the last try of each), flattened. */
export function reportedTests(report: { suites: ReportSuite[] }): ReportedTest[] {
  const out: ReportedTest[] = [];
  const walk = (suite: ReportSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const result = test.results.at(-1);
        out.push({ title: spec.title, project: test.projectName, status: result?.status ?? 'not run', workerIndex: result?.workerIndex ?? -1, errors: (result?.errors ?? []).map((e) => e.message ?? ''), annotations: test.annotations });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  return out;
}
