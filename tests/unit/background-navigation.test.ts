import { describe, expect, it } from 'vitest';
import type { Events } from 'webextension-polyfill';
import { hostFilters, someTabFollowed } from '../../lib/background/navigation';

/** Chrome's reading of a webNavigation URL filter list, for the two conditions Flagtab uses: any filter matches. */
function heard(filters: Events.UrlFilter[], url: string): boolean {
  const host = new URL(url).hostname;
  return filters.some((f) => (f.hostEquals === undefined || host === f.hostEquals) && (f.hostSuffix === undefined || host.endsWith(f.hostSuffix)));
}

describe('which navigations wake the worker', () => {
  const sites = [{ hosts: ['shop.example.com'] }, { hosts: ['*.acme.test', 'acme-cdn.net'] }];

  it('hears the pages of the sites\' hosts, a wildcard\'s base and subdomains, and nothing else', () => {
    const filters = hostFilters(sites);
    for (const url of ['https://shop.example.com/checkout', 'http://acme.test/', 'https://eu.shop.acme.test:8443/a?b#c', 'https://acme-cdn.net/']) expect(heard(filters, url), url).toBe(true);
    for (const url of ['https://example.com/', 'https://www.shop.example.com/', 'https://notacme.test/', 'https://acme.test.evil.com/', 'https://www.acme-cdn.net/', 'http://127.0.0.1/']) expect(heard(filters, url), url).toBe(false);
  });

  it('no sites, no filters (an empty list would hear every page, so none is registered)', () => {
    expect(hostFilters([])).toEqual([]);
  });

  it('follows every tab only while a tab holds overrides or a share link waits', () => {
    expect(someTabFollowed(undefined, undefined)).toBe(false);
    expect(someTabFollowed({}, {})).toBe(false);
    expect(someTabFollowed({ 3: { shop: { values: {} } } }, { 3: { handled: ['a'] } })).toBe(false);
    expect(someTabFollowed({ 3: { shop: { values: { 'new-checkout': true } } } }, {})).toBe(true);
    expect(someTabFollowed({}, { 5: { pending: { fragment: 'f', url: 'https://x/#f' }, handled: [] } })).toBe(true);
    // Something unreadable: following every tab costs wakes, not behaviour.
    expect(someTabFollowed({ 3: { shop: 'garbage' } }, {})).toBe(true);
  });
});
