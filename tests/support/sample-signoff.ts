import type { SignOff } from '../../lib/signoff/signoff';

/** A PNG signature followed by every byte value: a screenshot whose bytes show any mangling. */
export const SAMPLE_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

/**
 * The PO's sign-off of SHOP-142 from the story, with a screenshot, and `changes`.
 *
 * @example sampleSignOff({ screenshot: undefined, notes: '' })
 */
export function sampleSignOff(changes: Partial<SignOff> = {}): SignOff {
  return {
    id: 'so-abcdefghijklmnopqrst',
    siteId: 'shop',
    ticket: 'SHOP-142',
    verdict: 'passed',
    notes: 'Checked the **new checkout** in production.\n- card payment works\n- PayPal works',
    screenshot: { base64: SAMPLE_PNG.toString('base64'), width: 1280, height: 800 },
    evidence: {
      url: 'https://shop.example.com/checkout?step=2',
      site: { id: 'shop', name: 'Shop' },
      environment: 'production',
      overrides: { 'new-checkout': true, 'checkout-variant': 'b' },
      activeFlags: [{ key: 'new-checkout', value: true, source: 'server echo header' }, { key: 'banner', source: 'page marker' }],
      browser: 'Chrome 142.0.7444.59',
      flagtabVersion: '0.1.0',
      who: 'po@acme.example',
      at: Date.UTC(2026, 4, 4, 10, 0, 0),
    },
    createdAt: Date.UTC(2026, 4, 4, 10, 0, 0),
    ...changes,
  };
}
