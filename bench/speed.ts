import { stopServiceWorker, type ExtensionBrowser } from '../demo/browser/extension';
import { EMPTY_PAGE, ONE_SCRIPT_PAGE, popupPath, timeOpen } from './open';
import { installProbe, waitForMark } from './probe';
import { baselineRule, expectedHeader, timeClickToRule, timeUpdateSessionRules } from './rules';

export interface Plan {
  runs: number;
  warmups: number;
  /** Called after each round, e.g. to print progress. */
  onRound?(round: number, total: number): void;
}

/**
 * Runs `steps` once per round, warm-ups first, and keeps each step's samples from the measured
 * rounds. Measuring subject and baseline in the same rounds means a slow moment of the machine
 * (another process, GC) lands on both. With `rotate`, the steps take turns going first.
 */
export async function rounds<K extends string>(plan: Plan, steps: Record<K, () => Promise<number>>, rotate: boolean): Promise<Record<K, number[]>> {
  const keys = Object.keys(steps) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const total = plan.warmups + plan.runs;
  for (let round = 0; round < total; round++) {
    for (let s = 0; s < keys.length; s++) {
      const key = keys[rotate ? (round + s) % keys.length : s]!;
      const value = await steps[key]();
      if (round >= plan.warmups) samples[key].push(value);
    }
    plan.onRound?.(round + 1, total);
  }
  return samples;
}

/**
 * Measurement 1: the popup opening to interactive, with 100 and 10,000 flags, and an empty page.
 * `popup10000Stopped` is the person's usual case: Chrome stops an idle worker after about 30 s,
 * so the popup's first request wakes it (the stop itself is not timed).
 */
export function measureOpens(ext: ExtensionBrowser, tabs: { small: number; big: number }, plan: Plan) {
  return rounds(plan, {
    empty: () => timeOpen(ext, EMPTY_PAGE, 'complete'),
    oneScript: () => timeOpen(ext, ONE_SCRIPT_PAGE, 'complete'),
    popup100: () => timeOpen(ext, popupPath(tabs.small), 'interactive'),
    popup10000: () => timeOpen(ext, popupPath(tabs.big), 'interactive'),
    popup10000Stopped: async () => {
      await stopServiceWorker(ext);
      return timeOpen(ext, popupPath(tabs.big), 'interactive');
    },
  }, true);
}

/**
 * Measurement 2: a click on a boolean switch until its rule is installed, and one bare
 * updateSessionRules call, both from the same popup page.
 *
 * The popup is reloaded before each round: the click handler uses the value the popup last
 * rendered, and nothing on screen tells when the answer to the previous click has arrived
 * (switching true → false changes only the checkbox, which the click itself already flipped).
 * A freshly loaded popup shows the stored state. Reloading also lets the background finish the
 * previous click, since the popup's first request queues behind it. The reload is not timed.
 */
export async function measureClicks(ext: ExtensionBrowser, target: { tabId: number; key: string; hosts: readonly string[]; flags: number }, plan: Plan) {
  const page = await ext.context.newPage();
  try {
    await installProbe(page);
    let step = 0;
    const polls: number[] = [];
    const samples = await rounds(plan, {
      // In this order, every round: reload, the bare call while the background is idle, the click.
      updateSessionRules: async () => {
        await page.goto(`chrome-extension://${ext.extensionId}/${popupPath(target.tabId)}`, { waitUntil: 'commit' });
        await waitForMark(page, 'interactive');
        // The popup is usable after the first chunk of flags and reads the rest right after;
        // a click during that read waits for it. Measure the click on a settled popup.
        await page.waitForFunction((want) => document.querySelector('p.count')?.textContent?.trim() === want, `${target.flags} of ${target.flags} flags`, { polling: 50 });
        await page.waitForTimeout(50);
        return timeUpdateSessionRules(page, baselineRule(target.tabId, target.hosts, step++));
      },
      clickToRule: async () => {
        const on = await page.getByRole('switch', { name: target.key, exact: true }).isChecked();
        const timing = await timeClickToRule(page, { key: target.key, tabId: target.tabId, header: expectedHeader(target.key, !on) });
        polls.push(timing.polls);
        return timing.ms;
      },
    }, false);
    return { ...samples, polls: polls.slice(plan.warmups) };
  } finally {
    await page.close();
  }
}
