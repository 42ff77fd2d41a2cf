import { describe, expect, it } from 'vitest';
import { createRunsModel } from '../../components/popup/runs-model';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { Envelope } from '../../lib/messaging/protocol';
import type { RunView } from '../../lib/runs/state';

const view = (extra: Partial<RunView> = {}): RunView => ({ id: 'run-1', tabId: 7, label: 'All variants of hero-banner', status: 'running', total: 3, finished: 0, failed: 0, ...extra });

/** A background whose run status is whatever `answer` says now; every message is kept. */
function world() {
  const w = { sent: [] as Envelope[], status: view() as RunView | null, ticks: [] as (() => void)[], stopped: 0, galleries: [] as string[] };
  const client = createBackgroundClient(async (message) => {
    w.sent.push(message);
    if (message.type === 'runs/start' && (message.data as { strategy: { kind: string } }).strategy.kind === 'pairwise') {
      return { ok: false, error: { kind: 'failed', message: 'A run is already going on' } };
    }
    return { ok: true, result: w.status };
  });
  const model = createRunsModel({
    client, tabId: 7,
    openGallery: (id) => w.galleries.push(id),
    every(_ms, tick) {
      w.ticks.push(tick);
      return () => { w.stopped++; };
    },
  });
  return { w, model };
}

describe('the popup\'s runs', () => {
  it('starts a run for its tab, follows it while it goes on, stops following when it ends, then opens its gallery', async () => {
    const { w, model } = world();
    await model.start('shop', { kind: 'all-variants', key: 'hero-banner' });
    expect(w.sent[0]).toEqual({ type: 'runs/start', data: { tabId: 7, siteId: 'shop', strategy: { kind: 'all-variants', key: 'hero-banner' }, keys: [] } });
    expect(model.active.value).toBe(true);
    expect(w.ticks).toHaveLength(1);

    w.status = view({ status: 'done', finished: 3 });
    w.ticks[0]!();
    await new Promise((r) => setTimeout(r, 0));
    expect(model.view.value?.status).toBe('done');
    expect(model.active.value).toBe(false);
    expect(w.stopped).toBe(1);
    model.openGallery();
    expect(w.galleries).toEqual(['run-1']);
  });

  it('sends pause, resume and cancel, and shows a refusal as it is', async () => {
    const { w, model } = world();
    await model.pause();
    await model.resume();
    await model.cancel();
    expect(w.sent.map((m) => m.type)).toEqual(['runs/pause', 'runs/resume', 'runs/cancel']);
    await model.start('shop', { kind: 'pairwise' }, ['a', 'b']);
    expect(model.error.value).toBe('A run is already going on');
  });
});
