import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../../demo/browser/extension';

/**
 * The QA sign-off side panel, driven by roles and accessible names. Headless Chromium cannot
 * open the real side panel (that takes a click on the browser's UI), so the panel's page is
 * opened in a popup window of its own: the tab under test stays the visible tab of its window,
 * as it is beside a real side panel, and can be captured.
 */
export class SidePanelPage {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionBrowser, tabId: number): Promise<SidePanelPage> {
    const url = `chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`;
    const sw = await ext.worker();
    const [page] = await Promise.all([
      ext.context.waitForEvent('page', { predicate: (p) => p.url() === url }),
      sw.evaluate((u) => chrome.windows.create({ url: u, type: 'popup', width: 440, height: 900 }), url),
    ]);
    await page.getByRole('heading', { name: /^Sign off on / }).or(page.getByText(/not on a site/)).first().waitFor();
    return new SidePanelPage(page);
  }

  ticket() {
    return this.page.getByRole('textbox', { name: 'Ticket', exact: true });
  }

  notes() {
    return this.page.getByRole('textbox', { name: 'Notes', exact: true });
  }

  evidence() {
    return this.page.getByRole('region', { name: 'Evidence' });
  }

  screenshot() {
    return this.page.getByRole('img', { name: /^Screenshot of the tab/ });
  }

  status() {
    return this.page.locator('#signoff-status');
  }

  tab(name: 'Sign off' | 'Outbox' | 'History') {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** One outbox item, named by its ticket. */
  outboxItem(ticket: string) {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: new RegExp(`^${ticket.replace(/[#/]/g, '\\$&')} `) }) });
  }

  /** Fills the form and presses Ctrl+Enter in the notes, as a keyboard user does. */
  async signOff(input: { ticket?: string; verdict: 'Passed' | 'Failed' | 'Blocked'; notes: string; who?: string }): Promise<void> {
    if (input.ticket !== undefined) await this.ticket().fill(input.ticket);
    await this.page.getByRole('radio', { name: input.verdict }).check();
    if (input.who !== undefined) await this.page.getByRole('textbox', { name: 'Your name' }).fill(input.who);
    await this.notes().fill(input.notes);
    await this.notes().press('Control+Enter');
  }

  /** Starts the next sign-off (a fresh id) after one was sent. */
  async newSignOff(): Promise<void> {
    await this.page.getByRole('button', { name: 'New sign-off' }).click();
    await this.page.getByRole('button', { name: 'Send sign-off' }).waitFor();
  }
}
