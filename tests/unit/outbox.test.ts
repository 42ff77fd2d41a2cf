import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_CAP_MS, backoffMs, retryDelayMs } from '../../lib/signoff/backoff';
import { createHistory } from '../../lib/signoff/history';
import { OUTBOX_ALARM, createOutbox } from '../../lib/signoff/outbox';
import { OUTBOX_KEY, outboxScreenshotKey } from '../../lib/signoff/outbox-store';
import { TrackerError, type TicketTracker } from '../../lib/signoff/tracker';
import { memoryStorage } from '../support/catalogue';
import { createMemoryServer, createMemoryTracker, outboxWorld, runUntilDrained, signOffFor } from '../support/fake-trackers/memory-tracker';

const idOf = (s: { id: string }) => s.id;
afterEach(() => void vi.useRealTimers());

describe('outbox: saving and sending', () => {
  it('posts a sign-off once, hands it to the history with a link, and keeps the screenshot the tracker could not take', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-142');
    expect((await w.outbox.submit(signOff)).ok).toBe(true);
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(w.server.comments[0]?.ticket).toBe('SHOP-142');
    expect(await w.outbox.list()).toEqual([]);
    const [entry] = await w.history().list();
    expect(entry).toMatchObject({ signOff: { id: signOff.id, ticket: 'SHOP-142' }, comment: { url: expect.stringContaining('SHOP-142') }, screenshotKept: true });
    expect(await w.history().screenshot(signOff.id)).toEqual(signOff.screenshot);
    expect(w.storage.items.has(outboxScreenshotKey(signOff.id))).toBe(false);
    expect(w.alarm).toBeUndefined();
  });

  it('does not keep a screenshot the tracker took', async () => {
    const w = outboxWorld({ uploadsScreenshots: true });
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(w.server.comments[0]?.screenshot).toBe(signOff.screenshot?.base64);
    expect((await w.history().list())[0]).toMatchObject({ hadScreenshot: true, screenshotKept: false });
    expect(await w.history().screenshot(signOff.id)).toBeUndefined();
  });

  it('makes no request for a sign-off it could not save', async () => {
    const w = outboxWorld();
    w.failWrites(1);
    await expect(w.outbox.submit(signOffFor())).rejects.toThrow(/nothing was sent/);
    await w.outbox.process();
    expect(w.server.calls).toEqual([]);
    expect(await w.items()).toEqual([]);
  });

  it('says what to do when storage is full, and sends nothing', async () => {
    const storage = memoryStorage();
    const server = createMemoryServer();
    const outbox = createOutbox({
      storage: { ...storage, set: async () => { throw new Error('QUOTA_BYTES quota exceeded'); } },
      history: createHistory(storage), trackerFor: () => createMemoryTracker(server),
      alarms: { create: () => undefined, clear: () => undefined }, now: () => 1,
    });
    const result = await outbox.submit(signOffFor());
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/storage for Flagtab is full.*Drop the screenshot/) });
    expect(server.calls).toEqual([]);
  });

  it('keeps one item when the same sign-off is submitted twice, and refuses one already posted', async () => {
    const w = outboxWorld();
    const signOff = signOffFor();
    w.onlineNow = false;
    await w.outbox.submit(signOff);
    await w.outbox.submit(signOff);
    expect(await w.outbox.list()).toHaveLength(1);
    w.onlineNow = true;
    await w.outbox.online();
    expect(await w.outbox.submit(signOff)).toMatchObject({ ok: false, message: expect.stringMatching(/already posted/) });
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
  });

  it('refuses a sign-off that is not one, with the reason', async () => {
    const w = outboxWorld();
    expect(await w.outbox.submit({ ...signOffFor(), ticket: '  ' })).toMatchObject({ ok: false, message: expect.stringMatching(/ticket/) });
    expect(await w.items()).toEqual([]);
  });
});

describe('outbox: the browser re-sent a post by itself', () => {
  it('keeps the oldest comment, deletes the newer copy, and the history says which was kept', async () => {
    const w = outboxWorld();
    w.server.resends = 1; // the tracker stored the post, the keep-alive connection dropped, Chromium sent it again
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id).map((c) => c.id)).toEqual(['1']);
    const [entry] = await w.history().list();
    expect(entry?.comment.id).toBe('1');
    expect(entry?.duplicates).toEqual({ kept: '1', removed: ['2'] });
  });

  it('a retry that finds two copies (an earlier attempt whose answer was lost) keeps the oldest too', async () => {
    const w = outboxWorld();
    w.server.resends = 1;
    w.server.loseResponseNext(); // the re-sent post's answer is lost as well
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id).map((c) => c.id)).toEqual(['1']);
    expect((await w.history().list())[0]).toMatchObject({ comment: { id: '1' }, duplicates: { kept: '1', removed: ['2'] } });
  });

  it('a copy the tracker will not let Flagtab delete is said in the history, with what to do', async () => {
    const w = outboxWorld();
    w.server.resends = 1;
    w.server.removeFails = 1;
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(2);
    expect((await w.history().list())[0]).toMatchObject({
      comment: { id: '1' },
      duplicates: { kept: '1', removed: [], left: ['2'], problem: expect.stringMatching(/could not delete the second copy .*delete the newer comment with the same sign-off marker by hand/) },
    });
  });
});

describe('outbox: retries', () => {
  it('backs off 30 s, 1 min, 2 min … up to about an hour, with jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30, () => 0.5)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(1, () => 0)).toBe(24_000);
    expect(backoffMs(1, () => 0.999_999)).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(120_000, 1)).toBe(120_000);
    expect(retryDelayMs(0, 1)).toBe(1_000);
    expect(retryDelayMs(30 * 24 * 3_600_000, 1)).toBe(6 * 3_600_000);
  });

  it('waits after 500s with growing backoff and obeys Retry-After, by alarm', async () => {
    const w = outboxWorld();
    const signOff = signOffFor();
    w.server.failNext(2, 'unavailable');
    w.server.failNext(1, 'rate-limited', { retryAfterMs: 300_000 });
    const start = w.clock.now;
    await w.outbox.submit(signOff);
    await w.outbox.process();
    let [item] = await w.outbox.list();
    expect(item).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: start + 30_000, lastError: { kind: 'unavailable' } });
    expect(w.alarm).toBe(start + 30_000);

    w.clock.now = w.alarm!;
    await w.outbox.onAlarm(OUTBOX_ALARM);
    [item] = await w.outbox.list();
    expect(item).toMatchObject({ attempts: 2, nextAttemptAt: w.clock.now + 60_000 });

    w.clock.now = w.alarm!;
    await w.outbox.onAlarm(OUTBOX_ALARM);
    [item] = await w.outbox.list();
    expect(item).toMatchObject({ attempts: 3, nextAttemptAt: w.clock.now + 300_000, lastError: { kind: 'rate-limited' } });

    await w.outbox.onAlarm('someone-elses-alarm');
    w.clock.now += 299_000;
    await w.outbox.onAlarm(OUTBOX_ALARM); // too early: nothing is sent
    expect(w.server.commentsFor(signOff.id)).toHaveLength(0);
    w.clock.now = w.alarm!;
    await w.outbox.onAlarm(OUTBOX_ALARM);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(w.alarm).toBeUndefined();
  });

  it('sends nothing while offline, counts no attempt, keeps checking back, and sends when online again', async () => {
    const w = outboxWorld();
    w.onlineNow = false;
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(w.server.calls).toEqual([]);
    expect(await w.outbox.list()).toMatchObject([{ state: 'queued', attempts: 0 }]);
    expect(w.alarm).toBe(w.clock.now + 60_000);
    w.onlineNow = true;
    await w.outbox.online();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
  });

  it('a timeout after the server stored the comment: the retry finds it and posts nothing more', async () => {
    const w = outboxWorld();
    const signOff = signOffFor();
    w.server.loseResponseNext(1, 'timeout');
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(await w.outbox.list()).toMatchObject([{ state: 'queued', mayBeOnServer: true, lastError: { kind: 'timeout' } }]);
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(w.server.calls.map((c) => c.op)).toEqual(['post', 'find']);
  });

  it('gives up on a hung request after its time limit, and the retry finds what it stored', async () => {
    vi.useFakeTimers();
    const w = outboxWorld({ callTimeoutMs: 90_000 });
    const signOff = signOffFor();
    w.server.hangNext({ stored: true });
    await w.outbox.submit(signOff);
    const sending = w.outbox.process();
    await vi.advanceTimersByTimeAsync(90_000);
    await sending;
    expect(await w.outbox.list()).toMatchObject([{ state: 'queued', lastError: { kind: 'timeout', message: expect.stringMatching(/90 s/) } }]);
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
  });

  it('a storage write that fails leaves the item as it was, and sending resumes later', async () => {
    const w = outboxWorld();
    const signOff = signOffFor();
    w.onlineNow = false;
    await w.outbox.submit(signOff);
    w.onlineNow = true;
    w.failWrites(1); // marking it 'sending'
    await expect(w.outbox.process()).rejects.toThrow(/Could not write the outbox/);
    expect(w.server.calls).toEqual([]); // not marked, so not sent
    expect(await w.outbox.list()).toMatchObject([{ state: 'queued', attempts: 0, mayBeOnServer: false }]);
    expect(w.alarm).toBe(w.clock.now + 30_000);

    w.clock.now = w.alarm!;
    w.storage.set = ((set) => {
      let writes = 0;
      return async (values: Record<string, unknown>) => {
        if (++writes === 2) throw new Error('storage I/O error'); // storing 'posted'
        return set(values);
      };
    })(w.storage.set);
    await expect(w.outbox.onAlarm(OUTBOX_ALARM)).rejects.toThrow(/Could not write the outbox/);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(await w.outbox.list()).toMatchObject([{ state: 'sending', mayBeOnServer: true }]);
    await w.outbox.process(); // the posted comment is found, not posted again
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(await w.history().has(signOff.id)).toBe(true);
  });

  it('sends the items one at a time, in order, and one failing does not hold up the others', async () => {
    const w = outboxWorld();
    w.onlineNow = false;
    const [a, b, c] = [signOffFor('SHOP-1'), signOffFor('SHOP-404'), signOffFor('SHOP-3')];
    for (const s of [a, b, c]) await w.outbox.submit(s!);
    w.onlineNow = true;
    await w.outbox.online();
    expect(w.server.comments.map((x) => x.ticket)).toEqual(['SHOP-1', 'SHOP-3']);
    expect(await w.outbox.list()).toMatchObject([{ signOff: { id: b!.id }, state: 'failed', lastError: { kind: 'ticket-not-found', message: 'SHOP-404 was not found in the Memory tracker; check the key' } }]);
    expect(w.alarm).toBeUndefined(); // a failed item waits for the person, not for an alarm
  });
});

describe('outbox: actionable failures', () => {
  it('token expired: failed with what to do; Retry before the fix fails again, after it posts once', async () => {
    const w = outboxWorld();
    const signOff = signOffFor();
    w.server.tokenValid = false;
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(await w.outbox.list()).toMatchObject([{ state: 'failed', lastError: { kind: 'token-rejected', message: expect.stringMatching(/expired or been revoked.*paste it in Settings/) } }]);
    await w.outbox.retry(signOff.id);
    await w.outbox.process();
    expect(await w.outbox.list()).toMatchObject([{ state: 'failed', attempts: 1 }]);
    w.server.tokenValid = true;
    await w.outbox.retry(signOff.id);
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(await w.outbox.list()).toEqual([]);
  });

  it('no tracker for the site: failed with the tracker factory\'s reason, nothing sent', async () => {
    const storage = memoryStorage();
    const outbox = createOutbox({
      storage, history: createHistory(storage),
      trackerFor: () => new TrackerError('token-rejected', 'No GitHub token for Shop yet; paste one in Settings'),
      alarms: { create: () => undefined, clear: () => undefined }, now: () => 1,
    });
    await outbox.submit(signOffFor());
    await outbox.process();
    expect(await outbox.list()).toMatchObject([{ state: 'failed', mayBeOnServer: false, lastError: { message: 'No GitHub token for Shop yet; paste one in Settings' } }]);
  });

  it('the site\'s tracker changed after an attempt that may have posted: asks the person before posting elsewhere', async () => {
    const storage = memoryStorage();
    const jira = createMemoryServer();
    const github = createMemoryServer();
    let tracker: TicketTracker = createMemoryTracker(jira, { id: 'jira-cloud', label: 'Jira Cloud' });
    const outbox = createOutbox({ storage, history: createHistory(storage), trackerFor: () => tracker, alarms: { create: () => undefined, clear: () => undefined }, now: () => 1 });
    const signOff = signOffFor();
    jira.failNext(1, 'timeout');
    await outbox.submit(signOff);
    await outbox.process();
    tracker = createMemoryTracker(github, { id: 'github', label: 'GitHub' });
    await outbox.retry(signOff.id);
    await outbox.process();
    expect(await outbox.list()).toMatchObject([{ state: 'failed', lastError: { kind: 'tracker-changed', message: expect.stringMatching(/Jira Cloud.*press Retry to post to GitHub/) } }]);
    expect(github.calls).toEqual([]);
    await outbox.retry(signOff.id); // the person checked Jira
    await outbox.process();
    expect(github.commentsFor(signOff.id)).toHaveLength(1);
  });

  it('the site moved to another instance of the same tracker (another Jira Cloud): asks the person before posting there', async () => {
    const storage = memoryStorage();
    const acme = createMemoryServer();
    const other = createMemoryServer();
    let tracker: TicketTracker = createMemoryTracker(acme, { id: 'jira-cloud', label: 'Jira Cloud', address: 'https://acme.atlassian.net' });
    const outbox = createOutbox({ storage, history: createHistory(storage), trackerFor: () => tracker, alarms: { create: () => undefined, clear: () => undefined }, now: () => 1 });
    const signOff = signOffFor();
    acme.loseResponseNext(); // stored on acme, the answer lost
    await outbox.submit(signOff);
    await outbox.process();
    tracker = createMemoryTracker(other, { id: 'jira-cloud', label: 'Jira Cloud', address: 'https://other.atlassian.net' });
    await outbox.retry(signOff.id);
    await outbox.process();
    expect(await outbox.list()).toMatchObject([{
      state: 'failed',
      lastError: { kind: 'tracker-changed', message: expect.stringMatching(/now posts to Jira Cloud at https:\/\/other\.atlassian\.net, but an earlier attempt may have reached .* in Jira Cloud at https:\/\/acme\.atlassian\.net\. Open .* there: if the sign-off's comment is on it, discard this sign-off/) },
    }]);
    expect(other.calls).toEqual([]);
    expect(acme.commentsFor(signOff.id)).toHaveLength(1);
    // An edit cannot slip past it either: it would ask the wrong instance.
    expect(await outbox.edit(signOff.id, { notes: 'x' })).toMatchObject({ ok: false, message: expect.stringMatching(/now posts to Jira Cloud at https:\/\/other/) });
  });

  it('keeps an unreadable item as it is and sends the others', async () => {
    const w = outboxWorld();
    await w.storage.set({ [OUTBOX_KEY]: { items: [{ signOff: { id: 'garbled' } }] } });
    const signOff = signOffFor();
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
    expect(w.storage.items.get(OUTBOX_KEY)).toEqual({ items: [{ signOff: { id: 'garbled' } }] });
  });
});

describe('outbox: edit and discard', () => {
  it('an item never sent is edited in place: same id, new words, screenshot dropped', async () => {
    const w = outboxWorld({ uploadsScreenshots: true });
    w.onlineNow = false;
    const signOff = signOffFor('SHOP-1');
    await w.outbox.submit(signOff);
    const edited = await w.outbox.edit(signOff.id, { ticket: ' SHOP-2 ', verdict: 'blocked', notes: 'Payment step hangs', dropScreenshot: true });
    expect(edited).toMatchObject({ ok: true, item: { signOff: { id: signOff.id, ticket: 'SHOP-2', verdict: 'blocked' }, hasScreenshot: false } });
    expect(w.storage.items.has(outboxScreenshotKey(signOff.id))).toBe(false);
    w.onlineNow = true;
    await w.outbox.online();
    expect(w.server.comments).toMatchObject([{ ticket: 'SHOP-2', body: expect.stringContaining('Payment step hangs') }]);
    expect(w.server.comments[0]?.body).toContain('QA sign-off: Blocked');
    expect(w.server.comments[0]?.screenshot).toBeUndefined();
  });

  it('a wrong ticket key: failed, edited to the right one, posted there once and never on the old one', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-404');
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(await w.outbox.list()).toMatchObject([{ state: 'failed', mayBeOnServer: false }]);
    expect(await w.outbox.edit(signOff.id, { ticket: 'SHOP-142' })).toMatchObject({ ok: true, item: { state: 'queued', signOff: { id: signOff.id } } });
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id).map((c) => c.ticket)).toEqual(['SHOP-142']);
  });

  it('an edit after an attempt that did reach the server is refused, and the item is posted as it was', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-1');
    w.server.loseResponseNext(1, 'network');
    await w.outbox.submit(signOff);
    await w.outbox.process();
    const edited = await w.outbox.edit(signOff.id, { ticket: 'SHOP-2', notes: 'changed my mind' });
    expect(edited).toMatchObject({ ok: false, message: expect.stringMatching(/already reached SHOP-1 \(https:.*send a new sign-off/) });
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toMatchObject([{ ticket: 'SHOP-1', body: expect.stringContaining(signOff.notes) }]);
    expect((await w.history().list()).map((e) => e.signOff.id)).toEqual([signOff.id]);
  });

  it('an edit after an attempt that did not reach the server is applied once the tracker confirms it', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-1');
    w.server.failNext(1, 'timeout');
    await w.outbox.submit(signOff);
    await w.outbox.process();
    expect(await w.outbox.edit(signOff.id, { ticket: 'SHOP-2', notes: 'on the other story' })).toMatchObject({ ok: true, item: { mayBeOnServer: false } });
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toMatchObject([{ ticket: 'SHOP-2', body: expect.stringContaining('on the other story') }]);
  });

  it('a retry whose check was refused proves nothing: a later edit still asks first', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-1');
    w.server.loseResponseNext(1, 'timeout'); // stored, answer lost
    w.server.failNext(1, 'token-rejected', { on: 'find' });
    await w.outbox.submit(signOff);
    await runUntilDrained(w, async () => undefined, 2).catch(() => undefined); // the person does nothing yet
    expect(await w.outbox.list()).toMatchObject([{ state: 'failed', mayBeOnServer: true, lastError: { kind: 'token-rejected' } }]);
    expect(await w.outbox.edit(signOff.id, { notes: 'second thoughts' })).toMatchObject({ ok: false, message: expect.stringMatching(/already reached SHOP-1/) });
    await w.outbox.process();
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
  });

  it('an edit that cannot be checked (offline, token gone) changes nothing and says why', async () => {
    const w = outboxWorld();
    const signOff = signOffFor('SHOP-1');
    w.server.failNext(1, 'unavailable');
    await w.outbox.submit(signOff);
    await w.outbox.process();
    w.onlineNow = false;
    expect(await w.outbox.edit(signOff.id, { notes: 'x' })).toMatchObject({ ok: false, message: expect.stringMatching(/cannot tell yet.*you are offline/) });
    w.onlineNow = true;
    w.server.tokenValid = false;
    expect(await w.outbox.edit(signOff.id, { notes: 'x' })).toMatchObject({ ok: false, message: expect.stringMatching(/token was rejected/) });
    expect((await w.outbox.list())[0]?.signOff.notes).toBe(signOff.notes);
  });

  it('discards an item with its screenshot, warning when an attempt may have posted it', async () => {
    const w = outboxWorld();
    const [quiet, loud] = [signOffFor(), signOffFor()];
    w.onlineNow = false;
    await w.outbox.submit(quiet);
    expect(await w.outbox.discard(quiet.id)).toEqual({ ok: true, item: expect.objectContaining({ signOff: expect.objectContaining({ id: quiet.id }) }) });
    w.onlineNow = true;
    w.server.loseResponseNext(1);
    await w.outbox.submit(loud);
    await w.outbox.process();
    expect(await w.outbox.discard(loud.id)).toMatchObject({ ok: true, warning: expect.stringMatching(/may have reached SHOP-1/) });
    expect(await w.outbox.list()).toEqual([]);
    expect([...w.storage.items.keys()].filter((k) => k.startsWith('outbox.v1.screenshot'))).toEqual([]);
    expect(await w.outbox.retry(loud.id)).toMatchObject({ ok: false });
    expect([quiet, loud].map(idOf).flatMap((id) => w.server.commentsFor(id))).toHaveLength(1);
  });

  it('will not edit, discard or retry an item while its request is out', async () => {
    vi.useFakeTimers();
    const w = outboxWorld({ callTimeoutMs: 60_000 });
    const signOff = signOffFor();
    w.server.hangNext();
    await w.outbox.submit(signOff);
    const sending = w.outbox.process();
    await vi.advanceTimersByTimeAsync(1);
    for (const action of [() => w.outbox.edit(signOff.id, { notes: 'x' }), () => w.outbox.discard(signOff.id), () => w.outbox.retry(signOff.id)]) {
      expect(await action()).toMatchObject({ ok: false, message: expect.stringMatching(/being sent right now/) });
    }
    await vi.advanceTimersByTimeAsync(60_000);
    await sending;
    await runUntilDrained(w);
    expect(w.server.commentsFor(signOff.id)).toHaveLength(1);
  });
});
