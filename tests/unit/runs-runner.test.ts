import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createRunner, type RunnerDeps } from '../../lib/runs/runner';
import { createGalleryStore } from '../../lib/runs/gallery-store';
import { dictFrom, toDict } from '../../lib/dict';
import type { JsonValue } from '../../lib/json';
import type { Step } from '../../lib/runs/combinations';

const steps: Step[] = ['a', 'b', 'c'].map((v) => dictFrom([['hero-banner', v]]));

/** A tab whose page shows its overrides; each reload waits on `gate` when one is set. */
function world() {
  const w = {
    overrides: toDict<JsonValue>({ 'price-format': 'long' }),
    reloads: 0,
    captures: [] as string[],
    failCapture: new Set<number>(),
    tabOpen: true,
    keepAlive: false,
    gate: undefined as Promise<void> | undefined,
    ids: 0,
  };
  const deps = (): RunnerDeps => ({
    session: fakeBrowser.storage.session as unknown as RunnerDeps['session'],
    gallery: createGalleryStore(fakeBrowser.storage.local as never),
    async replaceTabValues(_tab, _site, values) { w.overrides = toDict(values); },
    overridesOf: async () => toDict(w.overrides),
    async reloadAndSettle() {
      w.reloads++;
      if (w.gate) await w.gate;
      return true;
    },
    async capture() {
      const n = w.captures.length;
      w.captures.push(JSON.stringify(w.overrides));
      if (w.failCapture.has(n)) throw new Error('Tabs cannot be edited right now');
      return `png-of-${JSON.stringify(w.overrides)}`;
    },
    reported: async () => dictFrom(Object.entries(w.overrides).map(([key, value]) => [key, { value, source: 'element' }])),
    tabExists: async () => w.tabOpen,
    async keepAlive(on) { w.keepAlive = on; },
    siteName: async () => 'Demo Shop',
    now: () => 1_000,
    newId: () => `run-${++w.ids}`,
  });
  return { w, deps, runner: createRunner(deps()) };
}

describe('a run', () => {
  beforeEach(() => fakeBrowser.reset());

  it('captures each step under its values, records what the page reported, and puts the overrides back', async () => {
    const { w, runner } = world();
    await runner.start({ tabId: 1, siteId: 'shop', label: 'All variants of hero-banner', steps });
    await runner.idle();
    expect(w.captures).toEqual(['{"hero-banner":"a"}', '{"hero-banner":"b"}', '{"hero-banner":"c"}']);
    expect(w.overrides).toEqual({ 'price-format': 'long' });
    expect(w.keepAlive).toBe(false);
    expect(await runner.view()).toMatchObject({ status: 'done', total: 3, finished: 3, failed: 0 });
    const gallery = createGalleryStore(fakeBrowser.storage.local as never);
    const [run] = await gallery.list();
    expect(run?.results[1]).toMatchObject({ ok: true, reported: { 'hero-banner': { value: 'b', source: 'element' } } });
    expect(await gallery.image('run-1', 2)).toBe('png-of-{"hero-banner":"c"}');
  });

  it('records a failed step with its reason and goes on', async () => {
    const { w, runner } = world();
    w.failCapture.add(1);
    await runner.start({ tabId: 1, siteId: 'shop', label: 'x', steps });
    await runner.idle();
    const [run] = await createGalleryStore(fakeBrowser.storage.local as never).list();
    expect(run?.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(run?.results[1]).toMatchObject({ ok: false, reason: 'Tabs cannot be edited right now' });
    expect(await runner.view()).toMatchObject({ status: 'done', failed: 1 });
  });

  it('pauses after the step in progress, resumes where it was, and cancels with the overrides put back', async () => {
    const { w, runner } = world();
    let open!: () => void;
    w.gate = new Promise((r) => { open = r; });
    await runner.start({ tabId: 1, siteId: 'shop', label: 'x', steps });
    await runner.pause();
    open();
    await runner.idle();
    expect(await runner.view()).toMatchObject({ status: 'paused', finished: 1 });
    expect(w.overrides).toEqual({ 'hero-banner': 'a' }); // paused on the step
    w.gate = undefined;

    await expect(runner.start({ tabId: 2, siteId: 'shop', label: 'y', steps })).rejects.toThrow(/already going on/);
    await runner.cancel();
    await runner.idle();
    expect(await runner.view()).toMatchObject({ status: 'cancelled', finished: 1 });
    expect(w.overrides).toEqual({ 'price-format': 'long' });
    expect(w.captures).toHaveLength(1);
  });

  it('goes on from the step a stopped worker was cut short in', async () => {
    const { w, deps, runner } = world();
    w.gate = new Promise(() => undefined); // the worker "stops" during the first reload: this loop never ends
    await runner.start({ tabId: 1, siteId: 'shop', label: 'x', steps });
    await new Promise((r) => setTimeout(r, 10));
    w.gate = undefined;
    const restarted = createRunner(deps());
    await restarted.wake();
    expect(w.captures).toEqual(['{"hero-banner":"a"}', '{"hero-banner":"b"}', '{"hero-banner":"c"}']);
    expect(await restarted.view()).toMatchObject({ status: 'done', finished: 3 });
    expect(w.overrides).toEqual({ 'price-format': 'long' });
  });

  it('stops when its tab closes', async () => {
    const { w, runner } = world();
    w.tabOpen = false;
    await runner.start({ tabId: 1, siteId: 'shop', label: 'x', steps });
    await runner.idle();
    expect(await runner.view()).toMatchObject({ status: 'cancelled', note: 'The tab closed, so the run stopped.' });
  });
});
