import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../lib/signoff/outbox';
import type { SignOff } from '../../lib/signoff/signoff';
import type { TrackerErrorKind } from '../../lib/signoff/tracker';
import {
  outboxWorld, runUntilDrained, signOffFor, stoppedOrFailedStorage,
  type Fault, type OutboxWorld, type StopPoint,
} from '../support/fake-trackers/memory-tracker';

/**
 * The heart of the outbox: whatever goes wrong — 500s, 429s, timeouts after the server stored
 * the comment, refused connections, the service worker stopped at any point, offline periods —
 * once the outbox drains, every saved sign-off is on its ticket exactly once.
 */

const tolerate = (error: unknown) => { if (!stoppedOrFailedStorage(error)) throw error; };
/** Runs `action` on a live outbox (a message or alarm wakes a stopped worker first). */
async function act<T>(w: OutboxWorld, action: () => Promise<T>): Promise<T | undefined> {
  if (!w.alive()) await w.restart().process().catch(tolerate);
  return action().catch((error: unknown) => { tolerate(error); return undefined; });
}
const version = (ticket: string, notes: string) => `${ticket}\n${notes}`;
/** The ticket and notes a posted comment shows (the notes are the body's second line). */
const shown = (c: { ticket: string; body: string }) => version(c.ticket, c.body.split('\n')[1] ?? '');

interface Tracked { signOff: SignOff; saved: boolean; discarded: boolean; versions: Set<string> }

/** The person at the end: fixes a wrong ticket, retries the rest. */
function person(tracked: Map<string, Tracked>) {
  return async (item: OutboxItem, outbox: OutboxWorld['outbox']) => {
    const t = tracked.get(item.signOff.id)!;
    if (item.lastError?.kind !== 'ticket-not-found') return outbox.retry(item.signOff.id);
    const next = version('SHOP-1', item.signOff.notes);
    try {
      const result = await outbox.edit(item.signOff.id, { ticket: 'SHOP-1' });
      if (result.ok) t.versions = new Set([next]);
    } catch (error) {
      t.versions.add(next); // stopped mid-edit: either version may be what gets posted
      throw error;
    }
  };
}

/** What must hold once the outbox is empty. */
async function expectExactlyOnce(w: OutboxWorld, tracked: Map<string, Tracked>) {
  expect(await w.items()).toEqual([]);
  const history = w.history();
  for (const t of tracked.values()) {
    const comments = w.server.commentsFor(t.signOff.id);
    const inHistory = await history.has(t.signOff.id);
    expect(comments.length, `${t.signOff.id}: never twice`).toBeLessThanOrEqual(1);
    if (t.saved && !t.discarded) expect(comments, `${t.signOff.id}: saved, so posted`).toHaveLength(1);
    if (!t.discarded) expect(inHistory, `${t.signOff.id}: the history agrees with the server`).toBe(comments.length === 1);
    if (comments[0]) expect([...t.versions], `${t.signOff.id}: posted as last edited`).toContain(shown(comments[0]));
  }
  const known = new Set(tracked.keys());
  expect(w.server.comments.filter((c) => ![...known].some((id) => c.body.includes(id)))).toEqual([]);
  expect(w.reports).toEqual([]);
}

function track(tracked: Map<string, Tracked>, signOff: SignOff): Tracked {
  const t = { signOff, saved: false, discarded: false, versions: new Set([version(signOff.ticket, signOff.notes)]) };
  tracked.set(signOff.id, t);
  return t;
}

describe('outbox under faults', () => {
  const prefaces: [string, (w: OutboxWorld) => void][] = [
    ['no fault', () => undefined],
    ['a 500', (w) => w.server.failNext(1, 'unavailable')],
    ['a 429 with Retry-After', (w) => w.server.failNext(1, 'rate-limited', { retryAfterMs: 90_000 })],
    ['a timeout after the server stored it', (w) => w.server.loseResponseNext(1, 'timeout')],
    ['a refused connection, then a dropped answer', (w) => { w.server.failNext(1, 'network'); w.server.loseResponseNext(1, 'network'); }],
    ['an expired token (the person retries)', (w) => w.server.failNext(1, 'token-rejected')],
  ];

  for (const [name, preface] of prefaces) {
    it(`${name}: the worker stopped before or after each storage write, or after each call — one comment`, async () => {
      const points: StopPoint[] = [];
      for (let n = 1; n <= 14; n++) points.push({ write: n, applied: false }, { write: n, applied: true });
      for (let n = 1; n <= 3; n++) points.push({ call: n });
      let stopped = 0;
      for (const point of points) {
        const w = outboxWorld();
        const tracked = new Map<string, Tracked>();
        const t = track(tracked, signOffFor());
        preface(w);
        w.stopAt(point);
        const result = await w.outbox.submit(t.signOff).catch((error: unknown) => { tolerate(error); return undefined; });
        t.saved = result?.ok === true;
        await runUntilDrained(w);
        stopped += w.stops;
        await expectExactlyOnce(w, tracked);
      }
      expect(stopped, 'the stop points were reached').toBeGreaterThan(10);
    });
  }

  it('many sign-offs through random faults, stops, outages, edits, retries and discards: each posted exactly once', { timeout: 60_000 }, async () => {
    const ticket = fc.constantFrom('SHOP-1', 'SHOP-2', 'SHOP-404');
    const retryable = fc.constantFrom<TrackerErrorKind>('unavailable', 'rate-limited', 'network', 'timeout');
    const fault: fc.Arbitrary<Fault> = fc.oneof(
      fc.record({ type: fc.constant('fail' as const), kind: retryable, retryAfterMs: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }), on: fc.constantFrom(undefined, 'post' as const, 'find' as const) }),
      fc.record({ type: fc.constant('fail' as const), kind: fc.constantFrom<TrackerErrorKind>('token-rejected', 'forbidden', 'invalid') }),
      fc.record({ type: fc.constant('lose-response' as const), kind: fc.constantFrom('timeout' as const, 'network' as const) }),
    );
    const stop: fc.Arbitrary<StopPoint> = fc.oneof(
      fc.record({ write: fc.integer({ min: 1, max: 8 }), applied: fc.boolean() }),
      fc.record({ call: fc.integer({ min: 1, max: 3 }) }),
    );
    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ do: fc.constant('submit' as const), ticket }) },
      { weight: 4, arbitrary: fc.record({ do: fc.constant('fault' as const), fault, count: fc.integer({ min: 1, max: 3 }) }) },
      { weight: 3, arbitrary: fc.record({ do: fc.constant('stop' as const), at: stop }) },
      { weight: 1, arbitrary: fc.record({ do: fc.constant('storage-error' as const), count: fc.integer({ min: 1, max: 2 }) }) },
      { weight: 2, arbitrary: fc.record({ do: fc.constantFrom('offline' as const, 'online' as const, 'restart' as const) }) },
      { weight: 4, arbitrary: fc.record({ do: fc.constant('alarm' as const), late: fc.integer({ min: 0, max: 120_000 }) }) },
      { weight: 2, arbitrary: fc.record({ do: fc.constantFrom('edit' as const), which: fc.nat(), ticket: fc.option(ticket, { nil: undefined }) }) },
      { weight: 1, arbitrary: fc.record({ do: fc.constantFrom('retry' as const, 'discard' as const), which: fc.nat() }) },
    );

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 60, size: 'max' }), fc.option(stop, { nil: undefined }), async (steps, finalStop) => {
        const w = outboxWorld();
        const tracked = new Map<string, Tracked>();
        let edits = 0;
        /** A stored item and what the test knows of it (sends may go on in the background meanwhile). */
        const pick = async (which: number) => {
          const items = await w.items();
          const item = items[which % Math.max(1, items.length)];
          return item && { item, t: tracked.get(item.signOff.id)! };
        };
        for (const s of steps) {
          switch (s.do) {
            case 'submit': {
              const t = track(tracked, signOffFor(s.ticket));
              t.saved = (await act(w, () => w.outbox.submit(t.signOff)))?.ok === true;
              break;
            }
            case 'fault': for (let i = 0; i < s.count; i++) w.server.faults.push(s.fault); break;
            case 'stop': w.stopAt(s.at); break;
            case 'storage-error': w.failWrites(s.count); break;
            case 'offline': w.onlineNow = false; break;
            case 'online': w.onlineNow = true; await act(w, () => w.outbox.online()); break;
            case 'restart': await act(w, () => w.restart().process()); break;
            case 'alarm':
              w.clock.now = Math.max(w.clock.now, w.alarm ?? w.clock.now) + s.late;
              await act(w, () => w.outbox.onAlarm('flagtab-outbox'));
              break;
            case 'edit': {
              const picked = await pick(s.which);
              if (!picked) break;
              const { item: { signOff: current }, t } = picked;
              const notes = `Edited ${++edits}`;
              const next = version(s.ticket ?? current.ticket, notes);
              const result = await act(w, () => w.outbox.edit(t.signOff.id, { notes, ...(s.ticket ? { ticket: s.ticket } : {}) }));
              if (result?.ok) t.versions = new Set([next]);
              else if (result === undefined) t.versions.add(next);
              break;
            }
            case 'retry': { const picked = await pick(s.which); if (picked) await act(w, () => w.outbox.retry(picked.t.signOff.id)); break; }
            case 'discard': {
              const t = (await pick(s.which))?.t;
              if (!t) break;
              const result = await act(w, () => w.outbox.discard(t.signOff.id));
              if (result?.ok !== false) t.discarded = true; // undefined: stopped, it may be gone
              break;
            }
          }
        }
        w.calm();
        if (finalStop) w.stopAt(finalStop); // the worker may stop while it catches up, too
        await runUntilDrained(w, person(tracked));
        await expectExactlyOnce(w, tracked);
      }),
      { numRuns: 300 },
    );
  });
});
