import { describe, expect, it } from 'vitest';
import { honouredBy, type SeenResponse } from '../../../lib/automation';
import { SiteSchema } from '../../../lib/config/schema';

/** The matcher's verdicts (lib/automation/honoured.ts) for what a test's responses said. */
const site = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' } });
const response = (url: string, headers: Record<string, string>): SeenResponse => ({ url, method: 'GET', headers });

describe('honouredBy', () => {
  it('passes on the latest echo of the key with the value set, whatever the header name\'s case', () => {
    const verdict = honouredBy(site, 'max-items', 5, [
      response('https://shop.example.com/', { 'x-feature-flags-applied': 'max-items=3' }),
      response('https://shop.example.com/api', { 'X-Feature-Flags-Applied': 'max-items=5' }),
    ]);
    expect(verdict.pass).toBe(true);
  });

  it('fails on the latest echo using another value, naming both', () => {
    const verdict = honouredBy(site, 'max-items', 5, [
      response('https://shop.example.com/', { 'x-feature-flags-applied': 'max-items=5' }),
      response('https://shop.example.com/api', { 'x-feature-flags-applied': 'max-items=3' }),
    ]);
    expect(verdict).toEqual({ pass: false, message: expect.stringMatching(/^the server ignored the override of max-items: .* used 3, not 5\.$/) });
  });

  it('counts only the site\'s hosts: an echo from elsewhere is no answer', () => {
    const verdict = honouredBy(site, 'max-items', 5, [response('https://cdn.example.net/x.js', { 'x-feature-flags-applied': 'max-items=5' })]);
    expect(verdict).toEqual({ pass: false, message: 'no response from shop.example.com has arrived since max-items was set: load a page of the site first.' });
  });

  it('says when the server does not echo the flag, with the status it sent', () => {
    const verdict = honouredBy(site, 'max-items', 5, [response('https://shop.example.com/', { 'x-feature-flags-applied': 'new-checkout=true', 'x-feature-flags-status': 'rejected; reason=expired' })]);
    expect(verdict.pass).toBe(false);
    expect(!verdict.pass && verdict.message).toContain('no response from shop.example.com echoed max-items in X-Feature-Flags-Applied (X-Feature-Flags-Status: rejected; reason=expired)');
  });

  it('cannot tell when the site\'s echo header is switched off', () => {
    const quiet = SiteSchema.parse({ ...site, detection: { ...site.detection, echoHeader: { ...site.detection.echoHeader, enabled: false } } });
    const verdict = honouredBy(quiet, 'max-items', 5, [response('https://shop.example.com/', { 'x-feature-flags-applied': 'max-items=5' })]);
    expect(verdict).toEqual({ pass: false, message: 'site "shop" has its echo header switched off in Flagtab: there is no way to tell whether the server used max-items.' });
  });
});
