import type { Page } from 'playwright-core';
import type { FakeJira } from '../demo/jira/server';
import type { ExtensionBrowser } from '../demo/browser/extension';
import { commentParts } from '../lib/signoff/format';
import { newSignOffId, type SignOff } from '../lib/signoff/signoff';
import type { RequestOf } from '../lib/messaging/protocol';
import type { SignOffDraft } from '../lib/signoff/view';
import { signOffAdf } from '../lib/trackers/jira-cloud/adf';
import { screenshotFilename } from '../lib/trackers/jira-cloud/rest';
import { EMPTY_PAGE } from './open';
import type { BenchScreenshot } from './png';
import { rounds, type Plan } from './speed';

/*
 * The page scripts below are strings: tsx (esbuild keepNames) wraps named functions, listeners
 * included, in `__name()`, which does not exist inside the page. They run in bench-empty.html,
 * an extension page: its messages reach the background's router, and its fetches may go to
 * jira.localhost without CORS, as the background's do (the e2e build holds *.localhost).
 */

/**
 * Sends 'signoff/submit' and resolves when the sign-off's id appears in storage.local's
 * 'history.v1' (the outbox hands a posted sign-off to the history), both by the page's clock.
 * `savedMs`: when the background answered, i.e. the sign-off was stored in the outbox.
 */
const SUBMIT = `(async ({ data, shot }) => {
  if (shot) data.screenshot = window.__benchShot;
  let done;
  const posted = new Promise((resolve) => { done = resolve; });
  const listener = (changes, area) => {
    const entries = area === 'local' && changes['history.v1'] ? changes['history.v1'].newValue?.entries : undefined;
    if (Array.isArray(entries) && entries.some((e) => e?.signOff?.id === data.id)) done(performance.now());
  };
  chrome.storage.onChanged.addListener(listener);
  try {
    const started = performance.now();
    const reply = await chrome.runtime.sendMessage({ type: 'signoff/submit', data });
    const saved = performance.now();
    if (!reply || !reply.ok || !reply.result.ok) throw new Error('signoff/submit was refused: ' + JSON.stringify(reply).slice(0, 400));
    let timer;
    const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('late')), 15000); });
    try {
      const at = await Promise.race([posted, late]);
      return { ms: at - started, savedMs: saved - started };
    } catch {
      const outbox = (await chrome.storage.local.get('outbox.v1'))['outbox.v1'];
      throw new Error('sign-off ' + data.id + ' did not reach the history within 15 s; the outbox holds: ' + JSON.stringify(outbox).slice(0, 600));
    } finally {
      clearTimeout(timer);
    }
  } finally {
    chrome.storage.onChanged.removeListener(listener);
  }
})`;

/**
 * The requests the Jira Cloud tracker makes for a new sign-off, made directly: the attachment
 * upload (multipart, field "file", X-Atlassian-Token) when there is a screenshot, then the
 * comment, with the same headers and fetch options as lib/trackers/http.ts, each answer read.
 */
const DIRECT = `(async ({ api, key, auth, body, filename }) => {
  const init = { credentials: 'omit', cache: 'no-store', redirect: 'manual' };
  const started = performance.now();
  if (filename) {
    const form = new FormData();
    form.append('file', window.__benchBlob, filename);
    const upload = await fetch(api + '/issue/' + key + '/attachments', { ...init, method: 'POST', headers: { Accept: 'application/json', Authorization: auth, 'X-Atlassian-Token': 'no-check' }, body: form });
    const attached = await upload.json();
    if (!upload.ok) throw new Error('the direct attachment upload got HTTP ' + upload.status + ': ' + JSON.stringify(attached));
  }
  const response = await fetch(api + '/issue/' + key + '/comment', { ...init, method: 'POST', headers: { Accept: 'application/json', Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
  const comment = await response.json();
  if (response.status !== 201) throw new Error('the direct comment got HTTP ' + response.status + ': ' + JSON.stringify(comment));
  return performance.now() - started;
})`;

/** Waits until the outbox holds nothing and the sign-off's screenshot key is gone, then empties the history. */
const SETTLE = `(async (id) => {
  const deadline = performance.now() + 15000;
  for (;;) {
    const shotKey = 'outbox.v1.screenshot:' + id;
    const stored = await chrome.storage.local.get(['outbox.v1', shotKey]);
    if (!(stored['outbox.v1']?.items?.length) && !stored[shotKey]) break;
    if (performance.now() > deadline) throw new Error('the outbox did not settle after sign-off ' + id + ': ' + JSON.stringify(stored['outbox.v1']).slice(0, 400));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await chrome.storage.local.remove('history.v1');
})`;

const NOTES = 'Checkout works with the **new** flow.\n\n- paid with a test card\n- the receipt names the order';
const WHO = 'Bench QA';

export interface SendTarget {
  /** A tab on the site, with an override, whose draft gives the evidence. */
  tabId: number;
  siteId: string;
  jira: FakeJira;
  /** The fake Jira's origin as the site's tracker names it (http://jira.localhost:PORT). */
  jiraOrigin: string;
  email: string;
  apiToken: string;
  screenshot: BenchScreenshot;
}

export interface SendSamples {
  direct: number[];
  outbox: number[];
  directShot: number[];
  outboxShot: number[];
  /** Send → the background's answer (the sign-off stored in the outbox), per outbox round. */
  saved: { outbox: number[]; outboxShot: number[] };
  /** Requests the fake Jira got per outbox round (the last one measured). */
  requests: { outbox: string[]; outboxShot: string[] };
}

async function draftOf(page: Page, tabId: number): Promise<SignOffDraft> {
  const reply = await page.evaluate((t) => chrome.runtime.sendMessage({ type: 'signoff/draft', data: { tabId: t } }), tabId) as { ok: boolean; result?: SignOffDraft; error?: string };
  const draft = reply.result;
  if (!reply.ok || !draft?.evidence || !draft.ticket || draft.tracker?.id !== 'jira-cloud' || draft.tracker.problem) {
    throw new Error(`the sign-off draft for tab ${tabId} is not ready to post to Jira Cloud: ${JSON.stringify(reply).slice(0, 400)}`);
  }
  return draft;
}

/**
 * Measurement 8: Send → posted (the sign-off in the history), without and with a screenshot,
 * against the same Jira requests made directly with fetch from the same page. Every round uses a
 * new sign-off id. Between rounds (untimed) the outbox is left to settle and the history is
 * emptied, so each round starts from the same storage whatever the number of rounds.
 */
export async function measureSends(ext: ExtensionBrowser, target: SendTarget, plan: Plan): Promise<SendSamples> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
    const { screenshot, jira } = target;
    await page.evaluate((shot) => {
      const bytes = Uint8Array.from(atob(shot.base64), (c) => c.charCodeAt(0));
      Object.assign(window, { __benchShot: shot, __benchBlob: new Blob([bytes], { type: 'image/png' }) });
    }, { base64: screenshot.base64, width: screenshot.width, height: screenshot.height });
    const draft = await draftOf(page, target.tabId);
    const ticket = draft.ticket!;
    const api = `${target.jiraOrigin}/rest/api/3`;
    // Basic auth with the account's e-mail, as the tracker sends it (and the fake Jira checks).
    const auth = `Basic ${Buffer.from(`${target.email}:${target.apiToken}`).toString('base64')}`;

    /** What the side panel would send now for a fresh sign-off. */
    const submission = (id: string): RequestOf<'signoff/submit'> => ({
      id, tabId: target.tabId, siteId: target.siteId, ticket, verdict: 'passed', notes: NOTES, who: WHO, evidence: { ...draft.evidence!, at: Date.now() },
    });
    /** The ADF comment Flagtab posts for that sign-off (lib/trackers/jira-cloud), built ahead, untimed. */
    const comment = (id: string, shot: boolean) => {
      const now = Date.now();
      const signOff: SignOff = { ...submission(id), siteId: target.siteId, evidence: { ...draft.evidence!, who: WHO, at: now }, createdAt: now };
      const filename = shot ? screenshotFilename(id) : undefined;
      // The link Jira gives an attachment, of the same length as a real one here.
      const attached = filename ? { filename, url: `${target.jiraOrigin}/rest/api/3/attachment/content/10000` } : undefined;
      return { body: signOffAdf(commentParts(signOff), attached), filename };
    };

    const saved = { outbox: [] as number[], outboxShot: [] as number[] };
    const requests = { outbox: [] as string[], outboxShot: [] as string[] };
    const viaOutbox = (kind: 'outbox' | 'outboxShot') => async () => {
      const id = newSignOffId();
      const before = jira.requests.length;
      const timing = await page.evaluate(`${SUBMIT}(${JSON.stringify({ data: submission(id), shot: kind === 'outboxShot' })})`) as { ms: number; savedMs: number };
      await page.evaluate(`${SETTLE}(${JSON.stringify(id)})`);
      saved[kind].push(timing.savedMs);
      requests[kind] = jira.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      return timing.ms;
    };
    const direct = (shot: boolean) => async () => {
      const id = newSignOffId();
      return page.evaluate(`${DIRECT}(${JSON.stringify({ api, key: ticket, auth, ...comment(id, shot) })})`) as Promise<number>;
    };

    const samples = await rounds(plan, {
      direct: direct(false),
      outbox: viaOutbox('outbox'),
      directShot: direct(true),
      outboxShot: viaOutbox('outboxShot'),
    }, true);
    if (jira.invalidBodies.length) throw new Error(`the fake Jira refused ${jira.invalidBodies.length} comment(s) as invalid ADF: ${jira.invalidBodies[0]!.errors.join('; ')}`);
    return { ...samples, saved: { outbox: saved.outbox.slice(plan.warmups), outboxShot: saved.outboxShot.slice(plan.warmups) }, requests };
  } finally {
    await page.close();
  }
}
