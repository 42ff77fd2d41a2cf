import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../lib/detect/bridge/batch';
import { guard, lastBridgeFailure, trapGlobal, wrapMethod } from '../../lib/detect/bridge/capture';
import type { BridgeEvaluation } from '../../lib/detect/channel';
import { LIMITS } from '../../lib/detect/observation';

describe('trapGlobal', () => {
  it('sees each value the page stores, and the page reads back exactly what it stored', () => {
    const win: Record<string, unknown> = {};
    const seen: unknown[] = [];
    trapGlobal(win, 'unleash', (v) => seen.push(v));
    expect(Object.keys(win)).toEqual([]); // nothing shows before the page stores anything
    const client = { isEnabled: () => true };
    win.unleash = client;
    win.unleash = null;
    win.unleash = client;
    expect(win.unleash).toBe(client);
    expect(seen).toEqual([client, null, client]);
    expect(Object.keys(win)).toEqual(['unleash']);
  });

  it('looks at what is already there', () => {
    const win: Record<string, unknown> = { _growthbook: 'existing' };
    const seen: unknown[] = [];
    trapGlobal(win, '_growthbook', (v) => seen.push(v));
    expect(seen).toEqual(['existing']);
    expect(win._growthbook).toBe('existing');
  });

  it('lets the page delete and redefine the property', () => {
    const win: Record<string, unknown> = {};
    trapGlobal(win, 'ldClient', () => undefined);
    win.ldClient = 1;
    delete win.ldClient;
    expect('ldClient' in win).toBe(false);
    trapGlobal(win, 'ldClient', () => undefined);
    Object.defineProperty(win, 'ldClient', { value: 2, writable: false, configurable: true });
    expect(win.ldClient).toBe(2);
  });

  it('never throws into the page, whatever the callback does', () => {
    const win: Record<string, unknown> = {};
    trapGlobal(win, 'x', () => {
      throw new Error('bridge bug');
    });
    expect(() => (win.x = 1)).not.toThrow();
    expect(win.x).toBe(1);
  });

  it('leaves a property the page cannot reconfigure as it is, and only looks at it', () => {
    const win = Object.defineProperty({}, 'unleash', { value: 'fixed', configurable: false, writable: false }) as Record<string, unknown>;
    const seen: unknown[] = [];
    trapGlobal(win, 'unleash', (v) => seen.push(v));
    expect(seen).toEqual(['fixed']);
    expect(Object.getOwnPropertyDescriptor(win, 'unleash')).toMatchObject({ value: 'fixed', writable: false });
  });
});

describe('guard', () => {
  it('turns an exception into the fallback and keeps it for debugging', () => {
    const error = new Error('hostile getter');
    expect(guard(() => { throw error; }, 'fallback')).toBe('fallback');
    expect(lastBridgeFailure()).toBe(error);
    expect(guard(() => 1, 2)).toBe(1);
  });
});

describe('wrapMethod', () => {
  it('wraps without changing how the object enumerates or serialises', () => {
    class Client {
      toggles = ['a'];
      isEnabled(name: string) {
        return this.toggles.includes(name);
      }
    }
    const client = new Client();
    expect(wrapMethod(client, 'isEnabled', (original) => function (this: unknown, ...args) { return !original.apply(this, args); })).toBe(true);
    expect(client.isEnabled('a')).toBe(false);
    expect(Object.keys(client)).toEqual(['toggles']);
    expect(JSON.stringify(client)).toBe('{"toggles":["a"]}');
  });

  it('reports false for a frozen object or a missing method', () => {
    expect(wrapMethod(Object.freeze({ f() {} }), 'f', (o) => o)).toBe(false);
    expect(wrapMethod({}, 'f', (o) => o)).toBe(false);
  });
});

describe('the evaluation batcher', () => {
  function setup() {
    const posts: BridgeEvaluation[][] = [];
    const timers: (() => void)[] = [];
    const batcher = createBatcher({ post: (items) => posts.push(items), schedule: (run) => void timers.push(run), now: () => 1000 });
    const tick = () => timers.splice(0).forEach((run) => run());
    return { posts, timers, batcher, tick };
  }

  it('posts once per interval, keeping the latest evaluation per key and SDK', () => {
    const { posts, timers, batcher, tick } = setup();
    batcher.add('growthbook', { key: 'a', value: false });
    batcher.add('growthbook', { key: 'a', value: true, detail: 'override', forced: true });
    batcher.add('openfeature', { key: 'a', value: 'x' });
    expect(timers).toHaveLength(1);
    expect(posts).toEqual([]);
    tick();
    expect(posts).toEqual([[
      { key: 'a', source: 'growthbook', value: true, detail: 'override', forced: true, at: 1000 },
      { key: 'a', source: 'openfeature', value: 'x', at: 1000 },
    ]]);
  });

  it('sends at most the report’s cap per post, the rest in the next', () => {
    const { posts, batcher, tick } = setup();
    for (let i = 0; i < LIMITS.reportObservations + 3; i++) batcher.add('launchdarkly', { key: `k${i}`, value: i });
    tick();
    tick();
    expect(posts.map((p) => p.length)).toEqual([LIMITS.reportObservations, 3]);
  });

  it('drops a value too large or not JSON, and says so', () => {
    const { posts, batcher, tick } = setup();
    batcher.add('unleash', { key: 'big', value: 'x'.repeat(5000), detail: 'getVariant' });
    batcher.add('unleash', { key: 'fn', value: () => 1 });
    batcher.add('unleash', { key: 42, value: true });
    tick();
    expect(posts[0]).toEqual([
      { key: 'big', source: 'unleash', detail: 'getVariant · value too large', at: 1000 },
      { key: 'fn', source: 'unleash', detail: 'the SDK returned a function, which JSON cannot carry', at: 1000 },
    ]);
  });
});
