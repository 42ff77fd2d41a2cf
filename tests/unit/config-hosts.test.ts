import { describe, expect, it } from 'vitest';
import { coversHost, findSiteForHost, hostAccessOrigins, hostPatternToOrigins, patternsOverlap, urlToOrigin } from '../../lib/config/hosts';
import { siteAccessPatterns, siteOrigins, sitesAccessPatterns } from '../../lib/config/access';
import { TrackerTargetSchema } from '../../lib/trackers/targets';
import { parseHostLines, slugify, uniqueSiteId } from '../../lib/config/site-form';

describe('host patterns', () => {
  it.each([
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', 'SHOP.example.com', true],
    ['shop.example.com', 'example.com', false],
    ['shop.example.com', 'www.shop.example.com', false],
    ['*.example.com', 'example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'badexample.com', false],
    ['*.example.com', 'example.com.evil.net', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(coversHost(pattern, host)).toBe(expected);
  });

  it.each([
    ['*.example.com', 'shop.example.com', true],
    ['*.shop.example.com', '*.example.com', true],
    ['example.com', '*.example.com', true],
    ['a.example.com', 'b.example.com', false],
    ['*.a.example.com', 'b.example.com', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });

  it('turns hosts and the catalogue URL into permission origins, websockets included', () => {
    expect(hostPatternToOrigins('*.example.com')).toEqual(['http://*.example.com/*', 'https://*.example.com/*']);
    // Chrome changes a websocket handshake only with access to its ws(s):// URL.
    expect(hostAccessOrigins('*.example.com')).toEqual(['http://*.example.com/*', 'https://*.example.com/*', 'ws://*.example.com/*', 'wss://*.example.com/*']);
    expect(urlToOrigin('http://localhost:8080/flags.json')).toBe('http://localhost/*');
    expect(
      siteOrigins({ hosts: ['b.example.com', 'a.example.com'], catalogue: { provider: 'flags-file', url: 'https://a.example.com/f' } }),
    ).toEqual([
      'http://a.example.com/*', 'http://b.example.com/*', 'https://a.example.com/*', 'https://b.example.com/*',
      'ws://a.example.com/*', 'ws://b.example.com/*', 'wss://a.example.com/*', 'wss://b.example.com/*',
    ]);
    expect(siteOrigins({ hosts: ['a.example.com'], catalogue: { provider: 'flags-file', inline: '[]' } })).toEqual(['http://a.example.com/*', 'https://a.example.com/*', 'ws://a.example.com/*', 'wss://a.example.com/*']);
  });

  it('adds what the sign-off tracker calls to what a site needs: Linear\'s API and upload host, Jira\'s own, nothing without one', () => {
    type Needs = Parameters<typeof siteAccessPatterns>[0];
    const shop: Needs = { hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://flags.example.com/f' } };
    const own = ['http://shop.example.com/*', 'https://flags.example.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*'];
    const withTracker = (tracker: Record<string, unknown>) => siteAccessPatterns({ ...shop, tracker: TrackerTargetSchema.parse(tracker) });
    expect(withTracker({ tracker: 'linear' })).toEqual([...own, 'https://api.linear.app/*', 'https://uploads.linear.app/*'].sort());
    expect(withTracker({ tracker: 'linear', apiUrl: 'http://linear.localhost:4000' })).toEqual(['http://linear.localhost/*', ...own].sort());
    expect(withTracker({ tracker: 'jira-dc', baseUrl: 'https://jira.acme.example:8443/jira' })).toEqual([...own, 'https://jira.acme.example/*'].sort());
    expect(siteAccessPatterns(shop)).toEqual(siteOrigins(shop));
    // Several sites at once, each origin once.
    const blog: Needs = { hosts: ['blog.example.com'], catalogue: { provider: 'flags-file', inline: '[]' }, tracker: TrackerTargetSchema.parse({ tracker: 'linear' }) };
    expect(sitesAccessPatterns([{ ...shop, tracker: blog.tracker }, blog])).toEqual(
      [...own, 'http://blog.example.com/*', 'https://blog.example.com/*', 'ws://blog.example.com/*', 'wss://blog.example.com/*', 'https://api.linear.app/*', 'https://uploads.linear.app/*'].sort(),
    );
  });

  it('finds the site for a host', () => {
    const sites = [{ id: 'a', hosts: ['a.example.com'] }, { id: 'b', hosts: ['*.example.org'] }];
    expect(findSiteForHost(sites, 'www.example.org')?.id).toBe('b');
    expect(findSiteForHost(sites, 'example.net')).toBeUndefined();
  });
});

describe('site form helpers', () => {
  it.each([
    ['Shop', 'shop'],
    ['Shop (staging) — EU', 'shop-staging-eu'],
    ['Crème brûlée', 'creme-brulee'],
    ['🚩🚩', 'site'],
    ['x'.repeat(100), 'x'.repeat(56)],
  ])('slugifies %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slug).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
  });

  it('numbers ids that are taken', () => {
    expect(uniqueSiteId('Shop', [])).toBe('shop');
    expect(uniqueSiteId('Shop', ['shop', 'shop-2'])).toBe('shop-3');
  });

  it('reads one host per line, tolerating commas, spaces, URLs and repeats', () => {
    expect(parseHostLines(' Shop.example.com\n\nhttps://www.example.com/path?q=1, a.example.com a.example.com\r\n')).toEqual([
      'shop.example.com',
      'www.example.com',
      'a.example.com',
    ]);
  });
});
