import { describe, expect, it } from 'vitest';
import { describeServerDecision, readServerStatus } from '../../lib/detect/status';
import { createDetectionStore, emptyDetections } from '../../lib/detect/store';
import { collectEvidence } from '../../lib/detect/evidence';
import { commentParts } from '../../lib/signoff/format';
import { EvidenceSchema } from '../../lib/signoff/schema';
import { detectionKey, type TabDetections } from '../../lib/detect/observation';
import { statusHeaderValue } from '../../lib/wire/v2';
import { memoryStorage } from '../support/catalogue';

const response = (value: string | undefined, name = 'X-Feature-Flags-Status') =>
  ({ url: 'https://shop.example.com/', method: 'GET', timeStamp: 0, responseHeaders: value === undefined ? [] : [{ name, value }] });

describe('the server\'s status header', () => {
  it('reads what the server kit writes', () => {
    const accepted = statusHeaderValue({ status: 'accepted', values: { a: true, b: 1 }, kid: 'k-1', sub: 'alice', exp: 9, source: 'header' })!;
    expect(readServerStatus(response(accepted), 5)).toEqual({ status: 'accepted', kid: 'k-1', n: 2, at: 5 });
    const rejected = statusHeaderValue({ status: 'rejected', values: {}, reason: 'expired', message: 'x', kid: 'k-1' })!;
    expect(readServerStatus(response(rejected, 'x-feature-flags-status'), 5)).toEqual({ status: 'rejected', reason: 'expired', kid: 'k-1', at: 5 });
  });

  it.each([
    ['no header', undefined, undefined],
    ['another word', 'maybe; kid="k"', undefined],
    ['a reason it does not know', 'rejected; reason=<script>', { status: 'rejected', reason: 'unknown', at: 1 }],
    ['a kid with spaces', 'accepted; kid="a b"; n=x', { status: 'accepted', at: 1 }],
    ['a header too long', `accepted; kid="${'k'.repeat(600)}"`, undefined],
  ])('keeps only known words from untrusted text: %s', (_what, value, expected) => {
    expect(readServerStatus(response(value), 1)).toEqual(expected);
  });

  it('says it in words', () => {
    expect(describeServerDecision({ status: 'accepted', kid: 'k1', at: 0 })).toBe('Server accepted your signed overrides (key k1)');
    expect(describeServerDecision({ status: 'rejected', reason: 'unknown-key', kid: 'k1', at: 0 })).toMatch(/^Server ignored them: your key is not authorised/);
    expect(describeServerDecision({ status: 'rejected', reason: 'unknown', at: 0 })).toBe('Server ignored them: it gave no reason Flagtab knows');
  });

  it('is kept per tab for the current document only', async () => {
    const session = memoryStorage();
    const store = createDetectionStore({ session, now: () => 100, flushDelayMs: 0 });
    await store.navigated(7, 50, 'https://shop.example.com/');
    await store.serverDecision(7, { status: 'accepted', kid: 'k1', at: 50 });
    await store.flush();
    expect(((await session.get(detectionKey(7)))[detectionKey(7)] as TabDetections).serverDecision).toEqual({ status: 'accepted', kid: 'k1', at: 50 });
    expect((await store.get(8))?.serverDecision).toBeUndefined();
    await store.navigated(7, 80, 'https://shop.example.com/next');
    expect((await store.get(7))?.serverDecision).toBeUndefined();
  });

  it('goes into the sign-off evidence', () => {
    const detections: TabDetections = { ...emptyDetections(1), serverDecision: { status: 'accepted', kid: 'k1', n: 1, at: 1 } };
    const evidence = collectEvidence({ url: 'https://shop.example.com/', site: { id: 'shop', name: 'Shop' }, overrides: { a: true }, detections, browser: 'Chrome', flagtabVersion: '0.1.0', at: 0 });
    expect(evidence.server).toBe('Server accepted your signed overrides (key k1)');
    expect(EvidenceSchema().parse(evidence).server).toBe(evidence.server);
    const parts = commentParts({ id: 'so-x', siteId: 'shop', ticket: 'T-1', verdict: 'passed', notes: '', evidence, createdAt: 0 });
    expect(parts.evidence).toContainEqual(['Signed overrides', 'Server accepted your signed overrides (key k1)']);
  });
});
