import { describe, expect, it } from 'vitest';
import {
  HISTORY_KEY, createHistory, exportJson, exportMarkdown, groupByTicket, historyScreenshotKey, type PostedSignOff,
} from '../../lib/signoff/history';
import { signOffMarker, type SignOff } from '../../lib/signoff/signoff';
import { memoryStorage } from '../support/catalogue';
import { signOffFor } from '../support/fake-trackers/memory-tracker';

const T0 = Date.UTC(2025, 5, 2, 9, 30);

function posted(signOff: SignOff, at: number, extra: Partial<PostedSignOff> = {}): PostedSignOff {
  const { screenshot: _shot, ...stored } = signOff;
  return {
    signOff: stored,
    tracker: { id: 'github', label: 'GitHub' },
    comment: { url: `https://github.com/acme/shop/issues/12#issuecomment-${at}`, id: String(at) },
    postedAt: at,
    ...extra,
  };
}

describe('sign-off history', () => {
  it('lists sign-offs newest first, per ticket, with links to their comments', async () => {
    const history = createHistory(memoryStorage());
    const [a, b, c] = [signOffFor('acme/shop#12'), signOffFor('acme/shop#12'), signOffFor('SHOP-142')];
    await history.add(posted(a!, T0));
    await history.add(posted(c!, T0 + 2, { tracker: { id: 'jira-cloud', label: 'Jira Cloud' }, comment: { url: 'https://acme.atlassian.net/browse/SHOP-142?focusedCommentId=1', id: '1' } }));
    await history.add(posted(b!, T0 + 1));
    expect((await history.list()).map((e) => e.signOff.id)).toEqual([c!.id, b!.id, a!.id]);
    expect((await history.forTicket('acme/shop#12')).map((e) => e.comment.url)).toEqual([
      `https://github.com/acme/shop/issues/12#issuecomment-${T0 + 1}`, `https://github.com/acme/shop/issues/12#issuecomment-${T0}`,
    ]);
    expect(await history.forTicket('acme/shop#12', 'jira-cloud')).toEqual([]);
    expect(groupByTicket(await history.list()).map((g) => [g.ticket, g.tracker.label, g.entries.length])).toEqual([
      ['SHOP-142', 'Jira Cloud', 1], ['acme/shop#12', 'GitHub', 2],
    ]);
  });

  it('keeps a screenshot only when the tracker did not take it, until it is dropped', async () => {
    const storage = memoryStorage();
    const history = createHistory(storage);
    const [github, jira] = [signOffFor(), signOffFor()];
    await history.add(posted(github!, T0), github!.screenshot);
    await history.add(posted(jira!, T0, { comment: { url: 'https://jira/1', id: '1', screenshotUrl: 'https://jira/att/1' } }), jira!.screenshot);
    expect(await history.screenshot(github!.id)).toEqual(github!.screenshot);
    expect(await history.screenshot(jira!.id)).toBeUndefined();
    expect((await history.list()).map((e) => [e.hadScreenshot, e.screenshotKept])).toEqual([[true, true], [true, false]]);

    await history.dropScreenshot(github!.id);
    expect(await history.screenshot(github!.id)).toBeUndefined();
    expect(storage.items.has(historyScreenshotKey(github!.id))).toBe(false);
    expect((await history.forTicket(github!.ticket)).find((e) => e.signOff.id === github!.id)?.screenshotKept).toBe(false);
  });

  it('records a sign-off handed over twice once', async () => {
    const history = createHistory(memoryStorage());
    const signOff = signOffFor();
    await history.add(posted(signOff, T0), signOff.screenshot);
    await history.add(posted(signOff, T0), signOff.screenshot);
    expect(await history.list()).toHaveLength(1);
    expect(await history.has(signOff.id)).toBe(true);
  });

  it('removes an entry with its screenshot, and lets the oldest go past the limit', async () => {
    const storage = memoryStorage();
    const history = createHistory(storage, { limit: 2 });
    const [a, b, c] = [signOffFor(), signOffFor(), signOffFor()];
    for (const [i, s] of [a!, b!, c!].entries()) await history.add(posted(s, T0 + i), s.screenshot);
    expect((await history.list()).map((e) => e.signOff.id)).toEqual([c!.id, b!.id]);
    expect(storage.items.has(historyScreenshotKey(a!.id))).toBe(false);
    await history.remove(b!.id);
    expect((await history.list()).map((e) => e.signOff.id)).toEqual([c!.id]);
    expect(storage.items.has(historyScreenshotKey(b!.id))).toBe(false);
  });

  it('keeps an entry it cannot read when it rewrites the history', async () => {
    const storage = memoryStorage();
    await storage.set({ [HISTORY_KEY]: { entries: [{ from: 'a newer Flagtab' }] } });
    const history = createHistory(storage);
    await history.add(posted(signOffFor(), T0));
    expect((storage.items.get(HISTORY_KEY) as { entries: unknown[] }).entries[0]).toEqual({ from: 'a newer Flagtab' });
    expect(await history.list()).toHaveLength(1);
  });
});

describe('history export', () => {
  const hostile = signOffFor('SHOP-142', {
    verdict: 'failed',
    notes: '# Not a heading\n<img src=x onerror=alert(1)>\n[click](javascript:alert(1))',
    evidence: {
      ...signOffFor().evidence,
      url: 'https://shop.example.com/a b?<x>',
      site: { id: 'shop', name: 'Shop <b>*bold*</b>' },
      overrides: { 'new-checkout': true, 'copy`tick': 'a|b' },
    },
  });

  it('Markdown: one section per ticket, each sign-off with its link, evidence, overrides and notes', () => {
    const md = exportMarkdown([
      { ...posted(hostile, T0), hadScreenshot: true, screenshotKept: true },
      { ...posted(signOffFor('acme/shop#12'), T0 + 1), hadScreenshot: false, screenshotKept: false },
    ]);
    expect(md.startsWith('# Flagtab QA sign-offs\n')).toBe(true);
    expect(md).toContain('## acme/shop#12 (GitHub)');
    expect(md).toContain('## SHOP-142 (GitHub)');
    expect(md.indexOf('acme/shop#12')).toBeLessThan(md.indexOf('SHOP-142')); // newest first
    expect(md).toContain('### QA sign-off: Failed');
    expect(md).toContain(`- Comment: <https://github.com/acme/shop/issues/12#issuecomment-${T0}>`);
    expect(md).toContain('- Screenshot: kept in Flagtab (not uploaded to the tracker)');
    expect(md).toContain(`- Posted: ${new Date(T0).toISOString()}`);
    expect(md).toContain(`\`${signOffMarker(hostile.id)}\``);
    expect(md).toContain('- `` copy`tick = "a|b" ``');
    // Page-made text cannot open HTML or links; the tester's notes are quoted, their HTML inert.
    expect(md).toContain('- URL: <https://shop.example.com/a%20b?%3Cx%3E>');
    expect(md).toContain('- Site: Shop \\<b\\>\\*bold\\*\\</b\\>');
    expect(md).toContain('> # Not a heading\n> \\<img src=x onerror=alert(1)>\n> [click](javascript:alert(1))');
  });

  it('Markdown says so when there is nothing yet', () => {
    expect(exportMarkdown([])).toContain('No sign-offs yet.');
  });

  it('JSON: every sign-off with its comment and evidence, without screenshot data', () => {
    const json = JSON.parse(exportJson([{ ...posted(hostile, T0), hadScreenshot: true, screenshotKept: true }], T0 + 5));
    expect(json).toMatchObject({ format: 'flagtab-sign-offs', version: 1, exportedAt: new Date(T0 + 5).toISOString() });
    expect(json.signOffs).toEqual([{
      id: hostile.id, ticket: 'SHOP-142', tracker: { id: 'github', label: 'GitHub' }, verdict: 'failed', verdictLabel: 'Failed',
      notes: hostile.notes, comment: { url: `https://github.com/acme/shop/issues/12#issuecomment-${T0}`, id: String(T0) },
      postedAt: new Date(T0).toISOString(), hadScreenshot: true, screenshotKept: true, evidence: hostile.evidence,
    }]);
    expect(exportJson([])).not.toContain('exportedAt');
  });
});
