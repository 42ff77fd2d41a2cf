import { fakeBrowser } from '@webext-core/fake-browser';
import { build } from 'esbuild';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import { createSignOffModel, type SavedFile, type TabSource } from '../../components/signoff/signoff-model';
import { SignOffPanel } from '../../components/signoff/SignOffPanel';
import { screenshotFilename, secondsTimeOf } from '../../components/signoff/words';
import type { HistoryEntry } from '../../lib/signoff/history';
import type { OutboxItem } from '../../lib/signoff/outbox-store';
import type { Evidence, SignOffGallery } from '../../lib/signoff/signoff';
import { registerSignOff } from '../../lib/background/signoff';
import { loadWorkDirectly } from '../support/work';
import { SiteSchema } from '../../lib/config/schema';
import { createBackgroundClient } from '../../lib/messaging/client';
import { BackgroundError } from '../../lib/messaging/errors';
import { MAX_NOTES, type Envelope, type RequestOf } from '../../lib/messaging/protocol';
import type { OutboxActionResult, SignOffDraft } from '../../lib/signoff/view';
import { createMessageRouter, type Handlers } from '../../lib/messaging/router';
import { createSecretsStore } from '../../lib/secrets/store';

const ID = 'so-aaaaaaaaaaaaaaaaaaaa';
const PNG = 'iVBORw0KGgo=';

function evidence(tab: number, extra: Partial<Evidence> = {}): Evidence {
  return {
    url: `https://shop.example.com/checkout?tab=${tab}`, site: { id: 'shop', name: 'Shop' }, environment: 'production',
    overrides: { 'new-checkout': true, 'hero-banner': 'b' },
    activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }], moreActiveFlags: 3,
    browser: 'Chrome 142.0.1', flagtabVersion: '0.1.0', who: 'Ann', at: 1_000, ...extra,
  };
}

function draft(tab: number, extra: Partial<SignOffDraft> = {}): SignOffDraft {
  return {
    tabId: tab, id: ID, tabUrl: `https://shop.example.com/checkout?tab=${tab}`, site: { id: 'shop', name: 'Shop' },
    tracker: { id: 'jira-cloud', label: 'Jira Cloud', uploadsScreenshots: true, ticketExample: 'SHOP-142' },
    ticket: 'SHOP-142', ticketFrom: 'flag', evidence: evidence(tab), who: 'Ann', ...extra,
  };
}

function item(signOff: Partial<OutboxItem['signOff']> = {}, extra: Partial<OutboxItem> = {}): OutboxItem {
  const { who: _who, ...e } = evidence(1);
  return {
    signOff: { id: ID, siteId: 'shop', ticket: 'SHOP-142', verdict: 'passed', notes: '', evidence: e, createdAt: 1, ...signOff },
    hasScreenshot: true, state: 'queued', attempts: 0, nextAttemptAt: 1, mayBeOnServer: false, updatedAt: 1, ...extra,
  };
}

function entry(id = ID, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    signOff: item({ id }).signOff, tracker: { id: 'jira-cloud', label: 'Jira Cloud' },
    comment: { url: 'https://acme.atlassian.net/browse/SHOP-142?focusedCommentId=9', id: '9' },
    postedAt: 5_000, hadScreenshot: true, screenshotKept: false, ...extra,
  };
}

/**
 * A background that answers like lib/background/signoff.ts, from plain data the test changes,
 * and a side panel model over it with the tab and store events under the test's control.
 */
function panel(options: { drafts?: Record<number, SignOffDraft>; firstTab?: number; galleryRun?: string; gallery?: SignOffGallery } = {}) {
  const bg = {
    drafts: options.drafts ?? { 1: draft(1) },
    screenshot: { ok: true, screenshot: { base64: PNG, width: 2, height: 1 } } as { ok: true; screenshot: { base64: string } } | { ok: false; message: string },
    submit: (data: RequestOf<'signoff/submit'>): OutboxActionResult | Promise<OutboxActionResult> => ({ ok: true, item: item({ ticket: data.ticket, verdict: data.verdict, notes: data.notes }) }),
    answer: (_type: string, _data: unknown): OutboxActionResult => ({ ok: true, item: item() }),
    outbox: { items: [] as OutboxItem[], online: true },
    history: [] as HistoryEntry[],
    kept: { base64: PNG } as { base64: string } | null,
  };
  const sent: Envelope[] = [];
  const client = createBackgroundClient(async (message) => {
    sent.push(message);
    const data = message.data as never;
    const result = (() => {
      switch (message.type) {
        case 'signoff/draft': return structuredClone(bg.drafts[(data as { tabId: number }).tabId]);
        case 'signoff/screenshot': return bg.screenshot;
        case 'signoff/submit': return bg.submit(data);
        case 'outbox/list': return structuredClone(bg.outbox);
        case 'history/list': return { tickets: bg.history.length ? [{ ticket: 'SHOP-142', tracker: bg.history[0]!.tracker, entries: bg.history }] : [] };
        case 'history/screenshot': return bg.kept;
        case 'runs/gallery': return options.gallery;
        case 'history/export': return { filename: 'flagtab-sign-offs-2025-01-01.md', text: '# Flagtab QA sign-offs\n', type: 'text/markdown' };
        default: return bg.answer(message.type, data);
      }
    })();
    return result === undefined ? { ok: false, error: { kind: 'failed', message: `no answer for ${message.type}` } } : { ok: true, result };
  });
  let tabEvent: Parameters<TabSource['watch']>[0] = () => undefined;
  let storeEvent: (store: 'outbox' | 'history') => void = () => undefined;
  const saved: SavedFile[] = [];
  const model = createSignOffModel({
    client,
    tabs: { current: async () => options.firstTab ?? 1, watch: (cb) => { tabEvent = cb; return () => undefined; } },
    now: () => 10_000,
    watchStores: (cb) => { storeEvent = cb; return () => undefined; },
    openOptions: () => undefined,
    save: (file) => saved.push(file),
    ...(options.galleryRun ? { galleryRun: options.galleryRun } : {}),
  });
  const of = <T extends Envelope['type']>(type: T) => sent.filter((m) => m.type === type).map((m) => m.data as RequestOf<T>);
  return {
    bg, sent, of, model, saved,
    switchTab: async (tabId: number, kind: 'activated' | 'loaded' = 'activated') => { tabEvent({ tabId, kind }); await settle(); },
    storeChanged: async (store: 'outbox' | 'history') => { storeEvent(store); await settle(); },
  };
}

/**
 * 'signoff/submit' as the real background answers it, for a site that posts to Jira Cloud: its
 * router reads the message, then lib/background/signoff.ts handles it (on fakeBrowser storage).
 */
function realSubmit() {
  fakeBrowser.reset();
  const shop = SiteSchema.parse({
    id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', inline: '[]' },
    tracker: { tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'qa@acme.example' },
  });
  const { handlers } = registerSignOff(fakeBrowser as unknown as Browser, {
    sites: async () => [shop],
    overridesOf: async () => ({}),
    catalogueOf: () => Promise.reject(new Error('not needed to submit')),
    ticketsOf: () => Promise.reject(new Error('not needed to submit')),
    detectionsOf: async () => undefined,
    secrets: createSecretsStore(fakeBrowser.storage.local),
    loadWork: loadWorkDirectly,
  });
  const self = { extensionId: 'flagtab', extensionOrigin: 'chrome-extension://flagtab/' };
  const route = createMessageRouter(handlers as Partial<Handlers> as Handlers, self);
  return async (data: RequestOf<'signoff/submit'>): Promise<OutboxActionResult> => {
    const reply = await route({ type: 'signoff/submit', data }, { id: self.extensionId, url: `${self.extensionOrigin}sidepanel.html` });
    if (!reply.ok) throw new BackgroundError(reply.error); // as the client does
    return reply.result as OutboxActionResult;
  };
}

/** Lets the fake background's answers (all immediate) arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function started(options?: Parameters<typeof panel>[0]) {
  const p = panel(options);
  await p.model.start();
  await settle();
  return p;
}

describe('side panel: the sign-off form', () => {
  it('starts from the draft: suggested ticket and name, the screenshot, focus on the verdict', async () => {
    const { model, of } = await started();
    expect(model.form.ticket.value).toBe('SHOP-142');
    expect(model.form.who.value).toBe('Ann');
    expect(model.form.ticketSuggested.value).toBe(true);
    expect(model.form.screenshot.value).toMatchObject({ kind: 'taken', screenshot: { base64: PNG } });
    expect(of('signoff/screenshot')).toEqual([{ tabId: 1 }]);
    expect(model.form.focus.value.target).toBe('verdict');
  });

  it('puts focus on the ticket when none was suggested', async () => {
    const { model } = await started({ drafts: { 1: draft(1, { ticket: undefined, ticketFrom: undefined }) } });
    expect(model.form.focus.value.target).toBe('ticket');
  });

  it('sends exactly what the preview shows, with the name typed now', async () => {
    const { model, of } = await started();
    model.form.verdict.value = 'failed';
    model.form.notes.value = 'Total is **wrong** with the new checkout.';
    model.form.who.value = '  Bea  ';
    model.form.ticket.value = 'SHOP-143';
    const previewed = structuredClone(model.form.evidence.value);
    await model.submit();
    expect(of('signoff/submit')).toEqual([{
      id: ID, tabId: 1, siteId: 'shop', ticket: 'SHOP-143', verdict: 'failed', notes: 'Total is **wrong** with the new checkout.', who: 'Bea',
      screenshot: { base64: PNG, width: 2, height: 1 }, evidence: previewed,
    }]);
    expect(previewed).toEqual({ ...evidence(1), who: 'Bea' });
  });

  it('follows the tab\'s overrides while open: the preview is what is sent; typing, id and screenshot stay', async () => {
    const { model, bg, of } = await started();
    model.form.verdict.value = 'passed';
    model.form.notes.value = 'Checked the banner.';
    bg.drafts[1] = draft(1, { id: 'so-bbbbbbbbbbbbbbbbbbbb', ticket: 'SHOP-150', evidence: evidence(1, { overrides: { 'hero-banner': 'c' } }) });
    await model.form.refreshEvidence();

    expect(model.form.evidence.value?.overrides).toEqual({ 'hero-banner': 'c' });
    // The ticket still held the suggestion, so it takes the new one; the notes stay.
    expect(model.form.ticket.value).toBe('SHOP-150');
    expect(model.form.notes.value).toBe('Checked the banner.');
    expect(of('signoff/screenshot')).toHaveLength(1);
    await model.submit();
    expect(of('signoff/submit')[0]).toMatchObject({ id: ID, ticket: 'SHOP-150', evidence: { overrides: { 'hero-banner': 'c' } } });
  });

  it('leaves the preview alone once the sign-off was sent', async () => {
    const { model, bg } = await started();
    model.form.verdict.value = 'passed';
    await model.submit();
    bg.drafts[1] = draft(1, { evidence: evidence(1, { overrides: {} }) });
    await model.form.refreshEvidence();
    expect(model.form.evidence.value?.overrides).toEqual({ 'new-checkout': true, 'hero-banner': 'b' });
  });

  it('the preview on screen lists what is sent: overrides, flags on the page, browser, who', async () => {
    const { model } = await started();
    model.form.who.value = 'Bea';
    const text = drawn(model).getElementById('evidence-heading')!.parentElement!.textContent!;
    for (const part of ['https://shop.example.com/checkout?tab=1', 'production', 'new-checkout = true', 'hero-banner = "b"', 'new-checkout = true (server echo header)', '3 more', 'Chrome 142.0.1', '0.1.0', 'Bea']) {
      expect(text).toContain(part);
    }
  });

  it('leaves a removed screenshot out, and an answer still on its way does not bring it back', async () => {
    const { model, of } = await started();
    const retaking = model.form.takeScreenshot();
    model.form.removeScreenshot();
    await retaking;
    expect(model.form.screenshot.value.kind).toBe('removed');
    model.form.verdict.value = 'passed';
    await model.submit();
    expect(of('signoff/submit')[0]).not.toHaveProperty('screenshot');
  });

  it('says why there is no screenshot and still sends without one', async () => {
    const p = panel();
    p.bg.screenshot = { ok: false, message: 'Click the Flagtab button in the toolbar once on this tab, then press Take again.' };
    await p.model.start();
    await settle();
    expect(p.model.form.screenshot.value).toEqual({ kind: 'failed', message: p.bg.screenshot.message });
    // The section says once that a screenshot is optional, then why there is none.
    const section = drawn(p.model).querySelector('section.screenshot')!;
    expect([...section.querySelectorAll('p')].map((e) => e.textContent)).toEqual(['Optional: the sign-off can go with or without one.', p.bg.screenshot.message]);
    p.model.form.verdict.value = 'blocked';
    await p.model.submit();
    expect(p.of('signoff/submit')).toHaveLength(1);
    expect(p.of('signoff/submit')[0]).not.toHaveProperty('screenshot');
  });

  it('asks for a verdict and a ticket before sending anything', async () => {
    const { model, of } = await started();
    model.form.ticket.value = '  ';
    await model.submit();
    expect(of('signoff/submit')).toEqual([]);
    expect(model.form.errors.value).toEqual({ ticket: 'Name the ticket, e.g. SHOP-142.', verdict: 'Pick a verdict: Passed, Failed or Blocked.' });
    expect(model.form.focus.value.target).toBe('ticket');
  });

  it('shows a refusal by the field it is about and keeps everything typed', async () => {
    const p = await started();
    p.bg.submit = () => ({ ok: false, message: '"SHOP 142" is not a Jira Cloud ticket; write it as SHOP-142.', field: 'ticket' });
    const { form } = p.model;
    form.ticket.value = 'SHOP 142';
    form.verdict.value = 'passed';
    form.notes.value = 'Two lines\nof notes';
    await p.model.submit();
    expect(form.errors.value).toEqual({ ticket: '"SHOP 142" is not a Jira Cloud ticket; write it as SHOP-142.' });
    expect(form.focus.value.target).toBe('ticket');
    expect([form.ticket.value, form.verdict.value, form.notes.value]).toEqual(['SHOP 142', 'passed', 'Two lines\nof notes']);
    expect(form.sent.value).toBeUndefined();

    p.bg.submit = () => { throw new Error('Flagtab\'s background did not answer: reload the extension and try again.'); };
    await p.model.submit();
    expect(form.errors.value).toEqual({ form: 'Flagtab\'s background did not answer: reload the extension and try again.' });
    expect(form.notes.value).toBe('Two lines\nof notes');
  });

  it('shows a refusal about no field by Send, whatever words it uses', async () => {
    const p = await started();
    const message = 'This sign-off was already posted to the ticket (see the history); nothing was sent again.';
    p.bg.submit = () => ({ ok: false, message });
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.model.form.errors.value).toEqual({ form: message });
    expect(p.model.form.focus.value.target).toBe('send');
  });

  it('shows the real background\'s refusal of a ticket its tracker cannot read by the ticket', async () => {
    const p = await started();
    p.bg.submit = realSubmit();
    p.model.form.ticket.value = 'SHOP 142';
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.model.form.errors.value).toEqual({ ticket: expect.stringMatching(/^"SHOP 142" is not a Jira Cloud issue key: .*like SHOP-142/) });
    expect(p.model.form.focus.value.target).toBe('ticket');
    expect(p.model.form.sent.value).toBeUndefined();
  });

  it('shows notes the background will not take by the notes, and the rest by Send', async () => {
    const p = await started();
    p.bg.submit = realSubmit();
    p.model.form.verdict.value = 'passed';
    p.model.form.notes.value = 'x'.repeat(MAX_NOTES + 1);
    await p.model.submit();
    expect(p.model.form.errors.value).toEqual({ notes: expect.stringMatching(/notes: Too big/) });
    expect(p.model.form.focus.value.target).toBe('notes');

    // Another site's id: refused by the handler, about no field of the form.
    p.model.form.notes.value = 'Fine now.';
    const submit = p.bg.submit;
    p.bg.submit = (data) => submit({ ...data, siteId: 'blog' });
    await p.model.submit();
    expect(p.model.form.errors.value).toEqual({ form: 'This site is no longer in Flagtab\'s settings; the sign-off was not saved.' });
  });

  it('sends once when Send is pressed twice', async () => {
    const { model, of } = await started();
    model.form.verdict.value = 'passed';
    await Promise.all([model.submit(), model.submit()]);
    await model.submit(); // and again once it went out
    expect(of('signoff/submit')).toHaveLength(1);
  });

  it('works without a tracker: the sign-off waits in the outbox and the panel says so', async () => {
    const p = await started({ drafts: { 1: draft(1, { tracker: undefined }) } });
    p.bg.submit = () => ({ ok: true, item: item({}, { state: 'failed', attempts: 1, lastError: { kind: 'needs-setup', message: '"Shop" has no sign-off tracker yet: choose one in Settings. Then press Retry.' } }) });
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.of('signoff/submit')).toHaveLength(1);
    expect(p.model.status.value?.text).toBe('Waiting in the outbox: "Shop" has no sign-off tracker yet: choose one in Settings. Then press Retry.');
    expect(drawn(p.model).body.textContent).toContain('No ticket tracker is set up for Shop');
  });
});

describe('side panel: after Send', () => {
  it('follows the sign-off from saved to posted as the stores change, then starts afresh', async () => {
    const p = await started();
    p.model.form.verdict.value = 'passed';
    p.bg.outbox.items = [item({}, { state: 'sending' })];
    await p.model.submit();
    expect(p.model.status.value).toMatchObject({ kind: 'sending', text: 'Saved. Sending to SHOP-142…' });
    expect(p.model.form.focus.value.target).toBe('status');

    p.bg.outbox.items = [item({}, { attempts: 1, nextAttemptAt: 60_000, lastError: { kind: 'unavailable', message: 'Jira Cloud is unavailable (503).' } })];
    await p.storeChanged('outbox');
    expect(p.model.status.value?.text).toBe(`Waiting in the outbox: Jira Cloud is unavailable (503). Flagtab tries again at ${secondsTimeOf(60_000)}.`);

    p.bg.outbox.items = [];
    p.bg.history = [entry()];
    await p.storeChanged('outbox');
    await p.storeChanged('history');
    expect(p.model.status.value).toMatchObject({ kind: 'posted', text: 'Posted to SHOP-142', url: entry().comment.url });
    const link = [...drawn(p.model).querySelectorAll('a')].find((a) => a.textContent === 'Open comment')!;
    expect([link.getAttribute('href'), link.getAttribute('target')]).toEqual([entry().comment.url, '_blank']);

    p.bg.drafts[1] = draft(1, { id: 'so-bbbbbbbbbbbbbbbbbbbb' });
    await p.model.newSignOff();
    expect([p.model.form.draft.value?.id, p.model.form.verdict.value, p.model.status.value]).toEqual(['so-bbbbbbbbbbbbbbbbbbbb', undefined, undefined]);
  });

  it('says when it waits because the browser is offline', async () => {
    const p = await started();
    p.bg.outbox = { items: [item()], online: false };
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.model.status.value?.text).toBe('Waiting in the outbox: you are offline. Flagtab sends it when you are back online.');
  });
});

describe('side panel: following the tab', () => {
  it('keeps what was typed when the person moves to another tab of the same site, with that tab\'s evidence', async () => {
    const p = await started({ drafts: { 1: draft(1), 2: draft(2, { id: 'so-cccccccccccccccccccc', ticket: 'SHOP-200' }) } });
    const { form } = p.model;
    form.verdict.value = 'failed';
    form.notes.value = 'Broken on step 2';
    await p.switchTab(2);
    expect([form.verdict.value, form.notes.value]).toEqual(['failed', 'Broken on step 2']);
    expect(form.ticket.value).toBe('SHOP-200'); // untouched, so it follows the new suggestion
    expect(form.evidence.value?.url).toBe('https://shop.example.com/checkout?tab=2');
    expect(form.draft.value?.id).toBe(ID); // one sign-off, one id: a resend still dedupes
    expect(p.of('signoff/screenshot').at(-1)).toEqual({ tabId: 2 });

    form.ticket.value = 'SHOP-9';
    await p.switchTab(1);
    expect(form.ticket.value).toBe('SHOP-9'); // typed: kept
  });

  it('reloads the draft when its own tab finishes loading, and ignores other tabs loading', async () => {
    const p = await started();
    p.bg.drafts[1] = draft(1, { evidence: evidence(1, { overrides: { 'new-checkout': false } }) });
    await p.switchTab(7, 'loaded');
    expect(p.of('signoff/draft')).toHaveLength(1);
    await p.switchTab(1, 'loaded');
    expect(p.model.form.evidence.value?.overrides).toEqual({ 'new-checkout': false });
  });

  it('asks before a tab on another site replaces a sign-off with typing in it', async () => {
    const other = draft(3, { site: { id: 'blog', name: 'Blog' }, ticket: undefined, evidence: evidence(3, { site: { id: 'blog', name: 'Blog' } }) });
    const p = await started({ drafts: { 1: draft(1), 3: other } });
    const { form } = p.model;
    form.notes.value = 'About the shop';
    await p.switchTab(3);
    expect(form.draft.value?.site?.name).toBe('Shop');
    expect(form.notes.value).toBe('About the shop');
    expect(form.otherSite.value?.site?.name).toBe('Blog');
    expect(drawn(p.model).body.textContent).toContain('Start fresh on Blog');

    form.switchSite();
    expect([form.draft.value?.site?.name, form.notes.value, form.otherSite.value]).toEqual(['Blog', '', undefined]);
  });

  it('moves to another site at once when nothing was typed, and to "nothing to sign off" off-site', async () => {
    const p = await started({ drafts: { 1: draft(1), 4: { tabId: 4, id: ID, tabUrl: 'https://news.example.org/' } } });
    await p.switchTab(4);
    expect(p.model.form.otherSite.value).toBeUndefined();
    expect(drawn(p.model).body.textContent).toContain('This tab (news.example.org) is not on a site configured in Flagtab');
  });

  it('does not swap the form under a sign-off that went out; "New sign-off" loads the tab in view', async () => {
    const p = await started({ drafts: { 1: draft(1), 2: draft(2, { id: 'so-dddddddddddddddddddd' }) } });
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    await p.switchTab(2);
    expect(p.model.status.value?.ticket).toBe('SHOP-142');
    expect(p.model.form.draft.value?.tabId).toBe(1);
    await p.model.newSignOff();
    expect([p.model.form.draft.value?.tabId, p.model.form.draft.value?.id]).toEqual([2, 'so-dddddddddddddddddddd']);
  });
});

describe('side panel: outbox', () => {
  it('lists each item\'s state in words, live from storage', async () => {
    const p = await started();
    p.bg.outbox = {
      items: [item(), item({ id: 'so-eeeeeeeeeeeeeeeeeeee' }, { state: 'failed', attempts: 1, lastError: { kind: 'token-rejected', message: 'Jira Cloud rejected the token: create a new one.' } })],
      online: false,
    };
    await p.storeChanged('outbox');
    expect(p.model.outbox.count.value).toBe(2);
    p.model.view.value = 'outbox';
    const text = drawn(p.model).body.textContent!;
    expect(text).toContain('Waiting to send');
    expect(text).toContain('Not sent: needs you (then press Retry)');
    expect(text).toContain('Why: Jira Cloud rejected the token: create a new one.');
    expect(text).toContain('You are offline: sign-offs are kept and sent when you are back online');
    // Every item says why it waits; offline is said once, above the list.
    const reasons = [...drawn(p.model).querySelectorAll('.outbox-item')].map((li) => li.querySelector('.item-reason')?.textContent);
    expect(reasons).toEqual(['Why: Waiting for the network to come back.', 'Why: Jira Cloud rejected the token: create a new one.']);
    expect(text.match(/You are offline/g)).toHaveLength(1);
  });

  it('says why an item not tried yet waits, and nothing more for one being sent', async () => {
    const p = await started();
    p.bg.outbox = { items: [item(), item({ id: 'so-ffffffffffffffffffff' }, { state: 'sending', attempts: 1 })], online: true };
    await p.storeChanged('outbox');
    p.model.view.value = 'outbox';
    const reasons = [...drawn(p.model).querySelectorAll('.outbox-item')].map((li) => li.querySelector('.item-reason')?.textContent);
    expect(reasons).toEqual(['Why: Not tried yet: Flagtab sends it in a moment.', undefined]);
  });

  it('says the verdict as a verdict, apart from how sending stands, with the reason and the retry to the second', async () => {
    const p = await started();
    const retryAt = 10_000 + 25_000; // the panel's clock is at 10 s
    p.bg.outbox = {
      items: [item({ ticket: 'SHOP-142', verdict: 'failed' }, { attempts: 1, nextAttemptAt: retryAt, lastError: { kind: 'unavailable', message: 'Jira Cloud is unavailable (503).' } })],
      online: true,
    };
    await p.storeChanged('outbox');
    p.model.view.value = 'outbox';
    const li = drawn(p.model).querySelector('.outbox-item')!;
    expect(li.querySelector('h3')!.textContent).toBe('SHOP-142 Verdict: ✗ Failed');
    const lines = [...li.querySelectorAll('p')].map((e) => e.textContent);
    expect(lines).toEqual([`Not sent yet: tries again at ${secondsTimeOf(retryAt)} (attempt 2)`, 'Why: Jira Cloud is unavailable (503).']);
    expect(secondsTimeOf(retryAt)).toMatch(/:35\b/);
  });

  it('edits inline, keeps the editor open with the answer when refused, and closes it when done', async () => {
    const p = await started();
    p.bg.outbox.items = [item({ notes: 'old' })];
    await p.storeChanged('outbox');
    const { outbox } = p.model;
    outbox.startEdit(ID);
    outbox.updateEdit({ ticket: ' SHOP-150 ', verdict: 'blocked', notes: 'new', dropScreenshot: true });
    p.bg.answer = () => ({ ok: false, message: 'An earlier attempt may have reached SHOP-142: Flagtab could not check yet.' });
    await outbox.saveEdit();
    expect(p.of('outbox/edit')).toEqual([{ id: ID, patch: { ticket: 'SHOP-150', verdict: 'blocked', notes: 'new', dropScreenshot: true } }]);
    expect(outbox.notes.value[ID]).toEqual({ kind: 'error', text: 'An earlier attempt may have reached SHOP-142: Flagtab could not check yet.' });
    expect(outbox.editing.value).toMatchObject({ ticket: ' SHOP-150 ', saving: false });

    p.bg.answer = () => ({ ok: true, item: item({ ticket: 'SHOP-150' }) });
    await outbox.saveEdit();
    expect(outbox.editing.value).toBeUndefined();
    expect(outbox.notes.value[ID]).toBeUndefined();
  });

  it('retries, and discards only after the inline confirmation, showing the warning', async () => {
    const p = await started();
    p.bg.outbox.items = [item({}, { state: 'failed', attempts: 2 })];
    await p.storeChanged('outbox');
    await p.model.outbox.retry(ID);
    expect(p.of('outbox/retry')).toEqual([{ id: ID }]);

    p.model.outbox.askDiscard(ID);
    expect(p.of('outbox/discard')).toEqual([]);
    expect(p.model.outbox.confirmingDiscard.value).toBe(ID);
    p.bg.answer = () => ({ ok: true, item: item(), warning: 'An earlier attempt may have reached SHOP-142; check the ticket for the comment.' });
    p.bg.outbox.items = [];
    await p.model.outbox.discard(ID);
    expect(p.of('outbox/discard')).toEqual([{ id: ID }]);
    expect(p.model.outbox.count.value).toBe(0);
    p.model.view.value = 'outbox';
    expect(drawn(p.model).body.textContent).toContain('check the ticket for the comment');
  });
});

describe('side panel: history', () => {
  it('saves a kept screenshot under the ticket\'s name, then offers to forget it', async () => {
    const p = await started();
    p.bg.history = [entry(ID, { signOff: { ...entry().signOff, ticket: 'acme/shop#12' }, screenshotKept: true })];
    await p.storeChanged('history');
    await p.model.history.saveScreenshot(ID);
    expect(p.saved).toEqual([{ filename: 'flagtab-acme-shop-12-so-aaaaaaaaaaaaaaaaaaaa.png', type: 'image/png', base64: PNG }]);
    expect(screenshotFilename('acme/shop#12', ID)).toBe(p.saved[0]!.filename);
    p.model.view.value = 'history';
    expect([...drawn(p.model).querySelectorAll('button')].map((b) => b.textContent)).toContain('Forget screenshot');

    p.bg.kept = null;
    await p.model.history.saveScreenshot(ID);
    expect(p.model.history.errors.value[ID]).toMatch(/no longer holds this screenshot/);
    expect(p.saved).toHaveLength(1);
  });

  it('exports with the background\'s file name and type', async () => {
    const p = await started();
    await p.model.history.export('markdown');
    expect(p.of('history/export')).toEqual([{ format: 'markdown' }]);
    expect(p.saved).toEqual([{ filename: 'flagtab-sign-offs-2025-01-01.md', type: 'text/markdown', text: '# Flagtab QA sign-offs\n' }]);
  });

  it('removes an entry and shows the list as it is after', async () => {
    const p = await started();
    p.bg.history = [entry()];
    await p.storeChanged('history');
    p.bg.answer = () => ({ ok: true, item: item() });
    p.bg.history = [];
    await p.model.history.remove(ID);
    expect(p.of('history/remove')).toEqual([{ id: ID }]);
    expect(p.model.history.view.value?.tickets).toEqual([]);
  });
});

describe('side panel: wiring', () => {
  it('names every control the way the e2e finds them', async () => {
    const p = await started();
    const doc = drawn(p.model);
    const labels = [...doc.querySelectorAll('label')].map((l) => l.textContent!.trim());
    expect(labels).toEqual(expect.arrayContaining(['Ticket', 'Notes', 'Your name', '✓ Passed', '✗ Failed', '⊘ Blocked']));
    expect([...doc.querySelectorAll('[role="tab"]')].map((t) => t.textContent)).toEqual(['Sign off', 'Outbox', 'History']);
    expect([...doc.querySelectorAll('button')].map((b) => b.textContent!.trim())).toEqual(expect.arrayContaining(['Send sign-off', 'Remove screenshot', 'Take again']));
    expect(doc.querySelector('[aria-labelledby="evidence-heading"] h2')?.textContent).toBe('Evidence');
    expect(doc.querySelector('img.thumbnail')?.getAttribute('alt')).toMatch(/Screenshot of the tab/);
  });

  it('keeps zod out of the side panel\'s bundle', async () => {
    const result = await build({
      entryPoints: ['entrypoints/sidepanel/main.tsx'], bundle: true, write: false, metafile: true, format: 'esm',
      jsx: 'automatic', jsxImportSource: 'preact', loader: { '.css': 'empty' }, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('components/signoff/signoff-model'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/zod\//.test(path))).toEqual([]);
  });
});

/** The panel as drawn now, in a DOM of its own. */
function drawn(model: ReturnType<typeof createSignOffModel>) {
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document });
  render(h(SignOffPanel, { model }), document.getElementById('app')!);
  return document;
}

describe('side panel: a run\'s gallery attached from the gallery page', () => {
  const gallery: SignOffGallery = {
    runId: 'run-1', label: 'All variants of hero-banner',
    steps: [{ values: { 'hero-banner': 'a' }, reported: { 'hero-banner': { value: 'a', source: 'page marker' } } }, { values: { 'hero-banner': 'b' }, failed: 'the tab was closed' }],
    images: [{ name: 'step-1.png', base64: PNG }, { name: 'contact-sheet.png', base64: PNG }],
  };

  it('sends it with the sign-off, the background accepts it, and the next sign-off starts without it', async () => {
    const p = await started({ galleryRun: 'run-1', gallery });
    expect(p.of('runs/gallery')).toEqual([{ runId: 'run-1' }]);
    expect(p.model.form.gallery.value).toEqual({ kind: 'attached', gallery });
    p.bg.submit = realSubmit();
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.of('signoff/submit')[0]!.gallery).toEqual(gallery);
    expect(p.model.form.errors.value).toEqual({});
    await p.model.form.startNew(1);
    expect(p.model.form.gallery.value).toEqual({ kind: 'none' });
  });

  it('says why when the run cannot be attached, and the sign-off still goes without it', async () => {
    const p = await started({ galleryRun: 'run-gone' });
    expect(p.model.form.gallery.value).toEqual({ kind: 'failed', message: 'no answer for runs/gallery' });
    p.model.form.verdict.value = 'passed';
    await p.model.submit();
    expect(p.of('signoff/submit')[0]).not.toHaveProperty('gallery');
  });
});
