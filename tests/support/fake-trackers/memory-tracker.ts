import { commentParts } from '../../../lib/signoff/format';
import { createHistory } from '../../../lib/signoff/history';
import { OUTBOX_ALARM, createOutbox, type Outbox } from '../../../lib/signoff/outbox';
import { OUTBOX_KEY, itemsOf, readDoc, type OutboxItem } from '../../../lib/signoff/outbox-store';
import { signOffMarker, type SignOff } from '../../../lib/signoff/signoff';
import { TrackerError, type PostedComment, type TicketTracker, type TrackerErrorKind, type TrackerId } from '../../../lib/signoff/tracker';
import { memoryStorage } from '../catalogue';

/**
 * An issue tracker in memory. Its comments live in a "server" object that outlives any outbox
 * built on it, as a real tracker outlives a service-worker restart; faults are queued on the
 * server, so they hit whichever outbox calls next.
 */

/** A comment as the server stores it. */
export interface ServerComment {
  id: string;
  ticket: string;
  body: string;
  /** The screenshot's base64, when the tracker takes screenshots and the sign-off had one. */
  screenshot?: string;
}

export type Fault =
  /** The call fails before the server acts (500, 429, refused, 401…). */
  | { type: 'fail'; kind: TrackerErrorKind; retryAfterMs?: number; on?: 'post' | 'find' }
  /** A post is stored, then the answer is lost (a timeout or a dropped connection after the server acted). */
  | { type: 'lose-response'; kind: 'timeout' | 'network' }
  /** The call never settles; with `stored`, a post is stored first. */
  | { type: 'hang'; stored?: boolean };

const MESSAGES: Record<TrackerErrorKind, (ticket: string) => string> = {
  'token-rejected': () => 'The Memory tracker token was rejected: it may have expired or been revoked; create a new one with the comment scope and paste it in Settings',
  forbidden: (t) => `The Memory tracker account may not comment on ${t}; ask for access or use another account`,
  'ticket-not-found': (t) => `${t} was not found in the Memory tracker; check the key`,
  invalid: () => 'The Memory tracker refused the comment',
  'rate-limited': () => 'The Memory tracker is rate limiting Flagtab',
  unavailable: () => 'The Memory tracker answered 500; Flagtab will try again',
  network: () => 'Could not reach the Memory tracker (connection refused)',
  timeout: () => 'The Memory tracker did not answer in time',
  'needs-setup': () => 'Flagtab has no Memory tracker token: add one in Settings',
};

export function createMemoryServer() {
  const faults: Fault[] = [];
  const server = {
    comments: [] as ServerComment[],
    /** Every call that reached the server: what a test counts. */
    calls: [] as { op: 'find' | 'post' | 'remove'; ticket: string; signOffId: string }[],
    missingTickets: new Set<string>(['SHOP-404']),
    tokenValid: true,
    /** False: every call fails as a refused connection would, before the server acts. */
    reachable: true,
    faults,
    failNext(count: number, kind: TrackerErrorKind, options: { retryAfterMs?: number; on?: 'post' | 'find' } = {}) {
      for (let i = 0; i < count; i++) faults.push({ type: 'fail', kind, ...options });
    },
    /** Posts the browser re-sends by itself (each stores a second copy, answered instead of the first). */
    resends: 0,
    /** Removals that fail (the account may not delete comments there). */
    removeFails: 0,
    /** The next post is stored, but its answer is lost. */
    loseResponseNext(count = 1, kind: 'timeout' | 'network' = 'timeout') {
      for (let i = 0; i < count; i++) faults.push({ type: 'lose-response', kind });
    },
    hangNext(options: { stored?: boolean } = {}) {
      faults.push({ type: 'hang', ...options });
    },
    /** Every comment carrying the sign-off's marker, on any ticket. */
    commentsFor(signOffId: string): ServerComment[] {
      return server.comments.filter((c) => c.body.includes(signOffMarker(signOffId)));
    },
  };
  return server;
}
export type MemoryServer = ReturnType<typeof createMemoryServer>;

function bodyOf(signOff: SignOff): string {
  const parts = commentParts(signOff);
  return [
    `### ${parts.title}`, parts.notes, ...parts.evidence.map(([k, v]) => `${k}: ${v}`),
    ...parts.overrides, ...parts.activeFlags, `<!-- ${parts.marker} -->`,
  ].join('\n');
}

/** A TicketTracker over `server`. Default: GitHub-like, which cannot upload screenshots. */
export function createMemoryTracker(
  server: MemoryServer,
  options: { id?: TrackerId; label?: string; uploadsScreenshots?: boolean; address?: string } = {},
): TicketTracker {
  const uploadsScreenshots = options.uploadsScreenshots ?? false;
  const link = (c: ServerComment): PostedComment => ({
    url: `https://tracker.example/${encodeURIComponent(c.ticket)}#comment-${c.id}`,
    id: c.id,
    ...(c.screenshot ? { screenshotUrl: `https://tracker.example/files/${c.id}.png` } : {}),
  });
  const fault = (op: 'find' | 'post' | 'remove') => {
    const next = server.faults[0];
    if (!next || (next.type === 'fail' && next.on && next.on !== op) || (next.type === 'lose-response' && op !== 'post')) return undefined;
    return server.faults.shift();
  };
  const hang = () => new Promise<never>(() => undefined);

  async function call<T>(op: 'find' | 'post' | 'remove', signOff: SignOff, act: () => T): Promise<T> {
    await Promise.resolve(); // a request is never answered in the same tick
    if (!server.reachable) throw new TrackerError('network', MESSAGES.network(signOff.ticket));
    const f = fault(op);
    if (f?.type === 'fail') throw new TrackerError(f.kind, MESSAGES[f.kind](signOff.ticket), f.retryAfterMs);
    if (f?.type === 'hang' && !f.stored) return hang();
    server.calls.push({ op, ticket: signOff.ticket, signOffId: signOff.id });
    if (!server.tokenValid) throw new TrackerError('token-rejected', MESSAGES['token-rejected'](signOff.ticket));
    if (server.missingTickets.has(signOff.ticket)) throw new TrackerError('ticket-not-found', MESSAGES['ticket-not-found'](signOff.ticket));
    const result = act();
    if (f?.type === 'hang') return hang();
    if (f?.type === 'lose-response') throw new TrackerError(f.kind, MESSAGES[f.kind](signOff.ticket));
    return result;
  }

  return {
    id: options.id ?? 'github',
    label: options.label ?? 'Memory tracker',
    uploadsScreenshots,
    ...(options.address ? { address: options.address } : {}),
    findExisting: (signOff) =>
      call('find', signOff, () => {
        const found = server.comments.find((c) => c.ticket === signOff.ticket && c.body.includes(signOffMarker(signOff.id)));
        return found && link(found);
      }),
    findAll: (signOff) =>
      call('find', signOff, () => server.comments.filter((c) => c.ticket === signOff.ticket && c.body.includes(signOffMarker(signOff.id))).map((c) => ({ ...link(c), body: c.body }))),
    remove: (signOff, comment) =>
      call('remove', signOff, () => {
        if (server.removeFails > 0) {
          server.removeFails--;
          throw new TrackerError('forbidden', 'The Memory tracker may not delete comments here');
        }
        const at = server.comments.findIndex((c) => c.ticket === signOff.ticket && c.id === comment.id);
        if (at >= 0) server.comments.splice(at, 1);
      }),
    post: (signOff) =>
      call('post', signOff, () => {
        const comment: ServerComment = {
          id: String(server.comments.length + 1), ticket: signOff.ticket, body: bodyOf(signOff),
          ...(uploadsScreenshots && signOff.screenshot ? { screenshot: signOff.screenshot.base64 } : {}),
        };
        server.comments.push(comment);
        if (server.resends > 0) {
          // The browser re-sent the post by itself: a second copy, and its answer is the one we get.
          server.resends--;
          const copy = { ...comment, id: String(server.comments.length + 1) };
          server.comments.push(copy);
          return link(copy);
        }
        return link(comment);
      }),
    verify: async () => {
      if (!server.tokenValid) throw new TrackerError('token-rejected', MESSAGES['token-rejected'](''));
      return 'Memory tester';
    },
  };
}

/** What a stopped service worker leaves behind: every later call of its outbox throws this. */
export class WorkerStopped extends Error {
  override name = 'WorkerStopped';
}
export const stoppedOrFailedStorage = (error: unknown): boolean => {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof WorkerStopped || e.message === 'storage I/O error') return true;
  return false;
};

/** Where the next stop happens, counted from now in the running worker. */
export type StopPoint = { write: number; applied: boolean } | { call: number };

/**
 * An outbox as the background runs it, over one storage.local and one tracker server that
 * both outlive it. `restart()` builds a new outbox, as a service-worker restart does; a planned
 * stop kills the running one at a storage write (before or after it lands) or right after the
 * server acted on a call (its answer never arrives).
 */
export function outboxWorld(options: { uploadsScreenshots?: boolean; callTimeoutMs?: number } = {}) {
  const server = createMemoryServer();
  const storage = memoryStorage();
  const world = {
    server, storage,
    clock: { now: 1_750_000_000_000 },
    /** The alarm the outbox asked for (undefined: none). */
    alarm: undefined as number | undefined,
    onlineNow: true,
    stops: 0,
    /** Unexpected errors the outbox reported (stops and injected storage failures excluded). */
    reports: [] as unknown[],
    outbox: undefined as unknown as Outbox,
    alive: () => life.alive,
    restart,
    stopAt(point: StopPoint) { plan = { ...point }; },
    /** No more faults, stops or outages: the person fixed what was theirs to fix. */
    calm() {
      plan = undefined;
      writeFailures = 0;
      server.faults.length = 0;
      Object.assign(server, { reachable: true, tokenValid: true });
      world.onlineNow = true;
    },
    /** The next `count` storage writes fail (the worker lives on). */
    failWrites(count: number) { writeFailures = count; },
    /** The stored items, read directly (an outbox may be dead). */
    async items(): Promise<OutboxItem[]> {
      return itemsOf(readDoc((await storage.get(OUTBOX_KEY))[OUTBOX_KEY]));
    },
    history: () => createHistory(storage),
  };
  let life = { alive: true };
  let plan: StopPoint | undefined;
  let writeFailures = 0;

  function restart(): Outbox {
    const mine = { alive: true };
    life.alive = false;
    life = mine;
    const check = () => { if (!mine.alive) throw new WorkerStopped('the service worker was stopped'); };
    const stop = () => { mine.alive = false; world.stops++; plan = undefined; throw new WorkerStopped('the service worker was stopped'); };
    async function written(apply: () => Promise<void>) {
      check();
      if (writeFailures > 0) { writeFailures--; throw new Error('storage I/O error'); }
      if (plan && 'write' in plan && --plan.write <= 0) {
        if (plan.applied) await apply();
        stop();
      }
      await apply();
    }
    const local = {
      get: async (keys: string | string[]) => { check(); return storage.get(keys); },
      set: (values: Record<string, unknown>) => written(() => storage.set(values)),
      remove: (keys: string | string[]) => written(() => storage.remove(keys)),
    };
    const inner = createMemoryTracker(server, { uploadsScreenshots: options.uploadsScreenshots ?? false });
    const through = <T>(call: () => Promise<T>) => async () => {
      check();
      if (!world.onlineNow) throw new TrackerError('network', 'You are offline');
      const result = await call();
      if (plan && 'call' in plan && --plan.call <= 0) stop();
      check();
      return result;
    };
    const tracker: TicketTracker = {
      ...inner,
      findExisting: (s) => through(() => inner.findExisting(s))(),
      findAll: (s) => through(() => inner.findAll(s))(),
      remove: (s, c) => through(() => inner.remove(s, c))(),
      post: (s) => through(() => inner.post(s))(),
    };
    world.outbox = createOutbox({
      storage: local,
      history: createHistory(local),
      trackerFor: () => tracker,
      alarms: {
        create: (_name, { when }) => { if (mine.alive) world.alarm = when; },
        clear: () => { if (mine.alive) world.alarm = undefined; },
      },
      now: () => world.clock.now,
      online: () => world.onlineNow,
      random: () => 0.5,
      ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
      report: (error) => { if (!stoppedOrFailedStorage(error)) world.reports.push(error); },
    });
    return world.outbox;
  }
  restart();
  return world;
}
export type OutboxWorld = ReturnType<typeof outboxWorld>;

/**
 * Runs the world until the outbox is empty: a stopped worker is started again (and, as the
 * background does at start, processes), the alarm fires at its time, and `person` may act on
 * failed items (by default: Retry). Throws when it does not drain within `rounds`.
 */
export async function runUntilDrained(
  world: OutboxWorld,
  person: (item: OutboxItem, outbox: Outbox) => Promise<unknown> = (item, outbox) => outbox.retry(item.signOff.id),
  rounds = 100,
): Promise<void> {
  const tolerate = (error: unknown) => { if (!stoppedOrFailedStorage(error)) throw error; };
  for (let round = 0; round < rounds; round++) {
    if (!world.alive()) await world.restart().process().catch(tolerate);
    await world.outbox.onAlarm(OUTBOX_ALARM).catch(tolerate);
    const items = await world.items();
    if (items.length === 0) return;
    for (const item of items) if (item.state === 'failed' && world.alive()) await person(item, world.outbox).catch(tolerate);
    world.clock.now = Math.max(world.clock.now + 1_000, world.alarm ?? 0);
  }
  throw new Error(`the outbox did not drain: ${JSON.stringify(await world.items())}`);
}

let counter = 0;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** A sign-off for `ticket`, with a screenshot unless told otherwise; ids differ per call. */
export function signOffFor(ticket = 'SHOP-1', extra: Partial<SignOff> = {}): SignOff {
  let n = ++counter;
  let id = '';
  for (let i = 0; i < 20; i++, n = Math.floor(n / 32)) id = BASE32[n % 32] + id;
  id = `so-${id}`;
  return {
    id, siteId: 'shop', ticket, verdict: 'passed', notes: `Checked the new checkout (${id})`,
    screenshot: { base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', width: 1, height: 1 },
    evidence: {
      url: 'https://shop.example.com/checkout', site: { id: 'shop', name: 'Shop' }, environment: 'production',
      overrides: { 'new-checkout': true }, activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }],
      browser: 'Chrome 142.0.7444.59', flagtabVersion: '0.1.0', who: 'Ada', at: 1_750_000_000_000,
    },
    createdAt: 1_750_000_000_000,
    ...extra,
  };
}
