import { describe, expect, it } from 'vitest';
import { createDetectionStore } from '../../lib/detect/store';
import { detectionKey, PageReportSchema, type TabDetections } from '../../lib/detect/observation';
import { createPageRouter } from '../../lib/detect/page-router';
import { collectEvidence } from '../../lib/detect/evidence';
import { commentParts } from '../../lib/signoff/format';
import { EvidenceSchema } from '../../lib/signoff/schema';
import type { SiteInput } from '../../lib/config/schema';
import { SiteSchema } from '../../lib/config/schema';
import { memoryStorage } from '../support/catalogue';

/** A page controlled by its own service worker, from the content script's report to the sign-off. */
const workerReport = (documentStartedAt: number) =>
  PageReportSchema().parse({ kind: 'evaluations', documentStartedAt, observations: [], serviceWorker: true });

function store() {
  const session = memoryStorage();
  const detections = createDetectionStore({ session, now: () => 50_000, flushDelayMs: 0 });
  const stored = async () => {
    await detections.flush();
    return (await session.get(detectionKey(7)))[detectionKey(7)] as TabDetections | undefined;
  };
  return { detections, stored };
}

describe('a page\'s own service worker', () => {
  it('is kept for the document that reported it, and forgotten with the next one', async () => {
    const { detections, stored } = store();
    await detections.navigated(7, 9_000, 'https://shop.example.com/app/');
    await detections.report(7, workerReport(9_000));
    expect((await stored())?.serviceWorker).toBe(true);
    await detections.navigated(7, 20_000, 'https://shop.example.com/other');
    expect((await stored())?.serviceWorker).toBeUndefined();
  });

  it('reaches the store through the page router\'s validation, and nothing but a boolean does', async () => {
    const site: SiteInput = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', inline: '[]' } };
    const seen: unknown[] = [];
    const route = createPageRouter(
      { 'page/hello': async () => ({ markers: true, sdks: false, overrides: {}, outline: false, children: { armed: false, hosts: [] } }), 'page/report': async (_tab, _site, data) => { seen.push(data.serviceWorker); return { accepted: true }; } },
      { extensionId: 'flagtab', loadSites: async () => [SiteSchema.parse(site)], allowReport: () => true, dropped: () => undefined },
    );
    const sender = { id: 'flagtab', url: 'https://shop.example.com/app/', frameId: 0, tab: { id: 7 } };
    const base = { kind: 'evaluations', documentStartedAt: 1, observations: [] };
    expect(await route({ type: 'page/report', data: { ...base, serviceWorker: true } }, sender)).toEqual({ ok: true, result: { accepted: true } });
    expect(await route({ type: 'page/report', data: { ...base, serviceWorker: 'yes' } }, sender)).toMatchObject({ ok: false });
    expect(seen).toEqual([true]);
  });

  it('is recorded in the sign-off\'s evidence, in words, and survives the outbox\'s schema', () => {
    const base = { url: 'https://shop.example.com/app/', site: { id: 'shop', name: 'Shop' }, overrides: { 'new-checkout': true }, browser: 'Chrome 142', flagtabVersion: '0.1.0', at: 1 };
    const detections = { documentStartedAt: 1, flags: {}, contentScript: true, sdks: [], dropped: 0, notes: [], outline: false, serviceWorker: true } satisfies TabDetections;
    const evidence = collectEvidence({ ...base, detections });
    expect(EvidenceSchema().parse(evidence)).toEqual(evidence);
    const rows = commentParts({ id: 'so-x', siteId: 'shop', ticket: 'SHOP-142', verdict: 'passed', notes: '', evidence, createdAt: 1 }).evidence;
    expect(rows).toContainEqual(['Service worker', 'the page was controlled by its own service worker; requests the worker made itself carried no overrides']);

    const plain = collectEvidence({ ...base, detections: { ...detections, serviceWorker: undefined } });
    expect(commentParts({ id: 'so-x', siteId: 'shop', ticket: 'SHOP-142', verdict: 'passed', notes: '', evidence: plain, createdAt: 1 }).evidence.map(([label]) => label)).not.toContain('Service worker');
  });
});
