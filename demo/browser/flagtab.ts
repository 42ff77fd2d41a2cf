import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './extension';
import type { SiteInput } from '../../lib/config/schema';
import { SECRETS_KEY, hostsBinding, transportSecretSlot } from '../../lib/secrets/store';

/** The demo shop as a configured site, its catalogue served by the demo itself. */
export function demoSite(siteOrigin: string, overrides: Partial<SiteInput> = {}): SiteInput {
  return {
    id: 'demo-shop',
    name: 'Demo Shop',
    hosts: ['shop.localhost'],
    catalogue: { provider: 'flags-file', url: `${siteOrigin}/flags.json` },
    ...overrides,
  };
}

/** Stores a configuration directly, as the options page would after an import. */
export async function configure(ext: ExtensionBrowser, sites: SiteInput[]): Promise<void> {
  const sw = await ext.worker();
  // Passed as JSON: Playwright's recursive argument types choke on the site union.
  await sw.evaluate((json: string) => chrome.storage.local.set({ config: { version: 1, sites: JSON.parse(json) } }), JSON.stringify(sites));
}

/** Stores a site's token of one slot as the options page does at Save: in storage.local, bound to `origin`. */
async function storeToken(ext: ExtensionBrowser, siteId: string, slot: string, token: string, origin: string): Promise<void> {
  const sw = await ext.worker();
  await sw.evaluate(async ({ key, siteId, slot, token, origin }) => {
    const secrets = ((await chrome.storage.local.get(key))[key] ?? {}) as Record<string, Record<string, string>>;
    secrets[siteId] = { ...secrets[siteId], [slot]: token, [`${slot}@origin`]: origin };
    await chrome.storage.local.set({ [key]: secrets });
  }, { key: SECRETS_KEY, siteId, slot, token, origin });
}

/**
 * A site's catalogue token, bound to the catalogue's origin.
 *
 * @example await storeCatalogueToken(ext, 'vercel-app', FLAGS_SECRET, 'http://vercel.localhost:3000')
 */
export const storeCatalogueToken = (ext: ExtensionBrowser, siteId: string, token: string, origin: string) => storeToken(ext, siteId, 'catalogue', token, origin);

/**
 * A site's sign-off tracker token, bound to the tracker's origin (a token saved for another
 * origin is never sent).
 *
 * @example await storeTrackerToken(ext, 'demo-shop', 'demo-token', 'http://jira.localhost:5178')
 */
export const storeTrackerToken = (ext: ExtensionBrowser, siteId: string, token: string, origin: string) => storeToken(ext, siteId, 'tracker', token, origin);

/** A transport's secret (the Vercel cookie's FLAGS_SECRET), bound to the site's hosts. */
export const storeTransportSecret = (ext: ExtensionBrowser, siteId: string, transportId: string, secret: string, hosts: readonly string[]) =>
  storeToken(ext, siteId, transportSecretSlot(transportId), secret, hostsBinding(hosts));

/** Polls `read` until `check` passes (or fails with check's last error after timeoutMs). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The popup, opened as a page on `popup.html?tabId=N`, driven by roles and accessible names. */
export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionBrowser, tabId: number): Promise<PopupPage> {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    const popup = new PopupPage(page);
    await page.getByRole('heading', { level: 1 }).or(page.getByText('is not set up')).first().waitFor();
    return popup;
  }

  flagSwitch(key: string) {
    return this.page.getByRole('switch', { name: key, exact: true });
  }

  /**
   * A flag's variant control: chips (a radio group) for a few short variants, a select for more
   * (components/popup/flag-list.ts usesChips); both are named by the flag key.
   */
  variantPicker(key: string) {
    return this.page.getByRole('radiogroup', { name: key, exact: true }).or(this.page.getByRole('combobox', { name: key, exact: true }));
  }

  /** The labels a flag's variant control offers, "Default" first, as chips or options. */
  async variantLabels(key: string): Promise<string[]> {
    const picker = this.variantPicker(key);
    await picker.waitFor();
    const chips = picker.getByRole('radio');
    if (await chips.count()) return (await chips.evaluateAll((radios) => radios.map((r) => r.closest('label')?.textContent ?? ''))).map((t) => t.trim());
    return picker.locator('option').allTextContents();
  }

  /** The label of the variant chosen now ("Default" when the flag is not overridden). */
  async chosenVariant(key: string): Promise<string> {
    const picker = this.variantPicker(key);
    await picker.waitFor();
    const chip = picker.getByRole('radio', { checked: true });
    if (await chip.count()) return ((await chip.evaluate((r) => r.closest('label')?.textContent)) ?? '').trim();
    return picker.evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
  }

  status() {
    return this.page.locator('.status');
  }

  /** The line under a flag saying what the page used (absent when the page said nothing). */
  pageLine(key: string) {
    return this.page.locator(`li[data-flag-key=${JSON.stringify(key)}] .page-line`);
  }

  /** "N flags reported by the page · …" */
  pageSummary() {
    return this.page.locator('.page-summary');
  }

  /** Every not-honoured warning in the list. */
  warnings() {
    return this.page.locator('.page-line.not-honoured');
  }

  /** Turns a boolean flag to `on` and waits until the popup shows it applied. */
  async setSwitch(key: string, on: boolean): Promise<void> {
    const control = this.flagSwitch(key);
    if ((await control.isChecked()) !== on) await control.click();
    await eventually(() => control.isChecked(), (checked) => {
      if (checked !== on) throw new Error(`switch "${key}" stayed ${checked ? 'on' : 'off'}`);
    });
    await this.page.getByRole('button', { name: `Reset ${key}` }).waitFor();
  }

  async chooseVariant(key: string, variant: string): Promise<void> {
    const picker = this.variantPicker(key);
    await picker.waitFor();
    const chip = this.page.getByRole('radiogroup', { name: key, exact: true }).getByRole('radio', { name: variant, exact: true });
    if (await chip.count()) await chip.check();
    else await picker.selectOption({ label: variant });
    await this.page.getByRole('button', { name: `Reset ${key}` }).waitFor();
  }

  async resetAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reset all' }).click();
    await this.page.getByText('No overrides in this tab').waitFor();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.getByRole('heading', { level: 1 }).or(this.page.getByText('is not set up')).first().waitFor();
  }
}

/**
 * Loads a tab's page again under its overrides (set after it loaded), as a tester does after
 * switching, and waits until Flagtab's child-tab script says it is armed (an "armed" window
 * message from lib/overrides/page/links.ts): a click before that goes to the backstop, not the
 * armed path.
 */
export async function armParent(parent: Page): Promise<void> {
  await parent.addInitScript(() => {
    addEventListener('message', (event: MessageEvent) => {
      const m = event.data as { channel?: unknown; type?: unknown; armed?: unknown } | null;
      if (m?.channel === 'flagtab:open' && m.type === 'armed') (window as { flagtabArmed?: boolean }).flagtabArmed = m.armed === true;
    });
  });
  await parent.reload();
  await parent.waitForFunction(() => (window as { flagtabArmed?: boolean }).flagtabArmed === true, undefined, { timeout: 60_000 });
}

/**
 * Makes a site's signing key in the options page, as a tester does (her name, then "Generate
 * signing key"), and returns the one line the server's authorized keys need. The options page
 * stays open for what comes next (rotate, revoke).
 */
export async function makeSigningKey(ext: ExtensionBrowser, siteName: string, who: string): Promise<{ line: string; options: Page }> {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByLabel('Your name or e-mail').fill(who);
  await options.getByRole('button', { name: `Generate signing key for ${siteName}` }).click();
  const lineBox = options.getByRole('textbox', { name: 'Line for the server\'s authorized keys' });
  await lineBox.waitFor();
  return { line: await lineBox.inputValue(), options };
}

/**
 * Opens the options page's Add form ("Add a site" on a first visit, "Add site" beside the list)
 * and chooses the flag provider, which a new site starts without.
 */
export async function startAddingSite(options: Page, provider = 'Flags file'): Promise<void> {
  await options.getByRole('button', { name: /^Add (a )?site$/ }).click();
  await options.getByLabel('Flag provider').selectOption({ label: provider });
}

/** Opens the site form's "Advanced" disclosure (transports, detection, expiry, ticket keys). */
export async function openAdvanced(options: Page): Promise<void> {
  const advanced = options.locator('details.advanced');
  if ((await advanced.getAttribute('open')) === null) await advanced.locator('summary').click();
}
