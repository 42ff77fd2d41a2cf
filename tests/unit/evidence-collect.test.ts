import { describe, expect, it } from 'vitest';
import { collectEvidence, MAX_ACTIVE_FLAGS } from '../../lib/detect/evidence';
import { suggestTicket } from '../../lib/signoff/suggest-ticket';
import { commentParts } from '../../lib/signoff/format';
import { newSignOffId, type SignOff } from '../../lib/signoff/signoff';
import { emptyDetections } from '../../lib/detect/store';
import type { TabDetections } from '../../lib/detect/observation';

const base = { url: 'https://shop.example.com/checkout', site: { id: 'shop', name: 'Shop' }, browser: 'Chrome 142.0', flagtabVersion: '0.1.0', at: Date.UTC(2026, 10, 21, 9, 30) };
const seen = (flags: TabDetections['flags']): TabDetections => ({ ...emptyDetections(1), flags });

describe('evidence', () => {
  it('lists overrides and what the page used, overridden flags first, with their source', () => {
    const evidence = collectEvidence({
      ...base, environment: 'production', overrides: { 'new-checkout': true },
      detections: seen({
        'a-flag': { meta: { value: 'x', at: 2 } },
        'new-checkout': { 'echo-header': { value: true, detail: 'GET /', at: 2 }, openfeature: { value: true, forced: true, at: 3 } },
        'b-flag': { element: { elements: 2, at: 2 } },
      }),
    });
    expect(evidence.activeFlags).toEqual([
      { key: 'new-checkout', value: true, source: 'OpenFeature SDK' },
      { key: 'a-flag', value: 'x', source: 'page <meta>' },
      { key: 'b-flag', source: 'page element' },
    ]);
    const parts = commentParts({ id: 'so-x', siteId: 'shop', ticket: 'SHOP-142', verdict: 'passed', notes: '  Looks good  ', evidence, createdAt: 0 } satisfies SignOff);
    expect(parts.title).toBe('QA sign-off: Passed');
    expect(parts.notes).toBe('Looks good');
    expect(parts.evidence).toEqual([
      ['URL', 'https://shop.example.com/checkout'], ['Site', 'Shop'], ['Environment', 'production'],
      ['Browser', 'Chrome 142.0'], ['Flagtab', '0.1.0'], ['When', '2026-11-21T09:30:00.000Z'],
    ]);
    expect(parts.overrides).toEqual(['new-checkout = true']);
    expect(parts.activeFlags).toContain('b-flag = (value not reported) (page element)');
    expect(parts.marker).toBe('flagtab-sign-off:so-x');
  });

  it('leaves the URL\'s query and fragment out of the evidence unless the site keeps them', () => {
    const url = 'https://shop.example.com/checkout?magic=s3cret-token&step=2#access_token=abc';
    const stripped = collectEvidence({ ...base, url, overrides: {} });
    expect(stripped.url).toBe('https://shop.example.com/checkout');
    expect(JSON.stringify(commentParts({ id: 'so-y', siteId: 'shop', ticket: 'SHOP-1', verdict: 'passed', notes: '', evidence: stripped, createdAt: 0 } satisfies SignOff))).not.toMatch(/s3cret|access_token/);
    expect(collectEvidence({ ...base, url, fullUrl: true, overrides: {} }).url).toBe(url);
  });

  it('caps the flags listed and says how many more there were', () => {
    const flags: TabDetections['flags'] = {};
    for (let i = 0; i < 250; i++) flags[`f${String(i).padStart(3, '0')}`] = { meta: { value: i, at: 1 } };
    const evidence = collectEvidence({ ...base, overrides: {}, detections: seen(flags) });
    expect(evidence.activeFlags).toHaveLength(MAX_ACTIVE_FLAGS);
    expect(evidence.moreActiveFlags).toBe(150);
    const parts = commentParts({ id: newSignOffId(), siteId: 'shop', ticket: 'SHOP-1', verdict: 'failed', notes: '', evidence, createdAt: 0 });
    expect(parts.activeFlags.at(-1)).toBe('… and 150 more flags the page reported');
  });

  it('makes sign-off ids that are unique and fit in a comment', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSignOffId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^so-[a-z2-7]{20}$/);
  });
});

describe('the ticket the form starts with', () => {
  const flags = [{ key: 'hero-banner', tickets: ['SHOP-142'] }, { key: 'dark-mode', tickets: ['SHOP-7'] }];
  it('is a ticket of an overridden flag first', () => {
    expect(suggestTicket({ flags, overrides: { 'dark-mode': true }, url: 'https://pr-55.shop.example.com/SHOP-99', lastTicket: 'SHOP-1' })).toEqual({ ticket: 'SHOP-7', from: 'flag' });
  });
  it('else one in the page URL, never a bare #anchor', () => {
    expect(suggestTicket({ flags, overrides: {}, url: 'https://preview.example.com/feature%2FSHOP-99-banner/', lastTicket: 'SHOP-1' })).toEqual({ ticket: 'SHOP-99', from: 'url' });
    expect(suggestTicket({ flags, overrides: {}, url: 'https://shop.example.com/page#12', lastTicket: 'SHOP-1' })).toEqual({ ticket: 'SHOP-1', from: 'last' });
    expect(suggestTicket({ flags, overrides: {}, url: 'https://shop.example.com/?q=%E0%A4%A', lastTicket: undefined })).toBeUndefined();
  });
  it('follows the site\'s own ticket pattern', () => {
    expect(suggestTicket({ flags: [], overrides: {}, url: 'https://x.example.com/pay-77/', ticketPattern: 'pay-\\d+' })).toEqual({ ticket: 'pay-77', from: 'url' });
  });
});
