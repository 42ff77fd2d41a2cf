import { describe, expect, it } from 'vitest';
import type { Flag } from '../../lib/flags/flag';
import { ticketMatcher, ticketsOf } from '../../lib/tickets/extract';

type Where = Partial<Pick<Flag, 'tags' | 'links' | 'metadata' | 'name' | 'description'>>;
const tickets = (where: Where, pattern?: string) => ticketsOf({ tags: [], links: [], ...where }, ticketMatcher(pattern));
const inText = (description: string) => tickets({ description });

describe('ticket keys a flag mentions', () => {
  it.each([
    ['a Jira key', 'Part of SHOP-142.', ['SHOP-142']],
    ['Jira keys with digits and underscores in the project', 'See PAY2-7 and MY_TEAM-12', ['PAY2-7', 'MY_TEAM-12']],
    ['a Jira key in a branch name', 'branch feature/SHOP-142-one-page-checkout', ['SHOP-142']],
    ['a bare GitHub issue', 'fixes #123', ['#123']],
    ['a GitHub issue in another repository', 'see acme/shop#12 (and acme.io/web-app#3)', ['acme/shop#12', 'acme.io/web-app#3']],
    ['each key once', 'SHOP-1, SHOP-1 and SHOP-1', ['SHOP-1']],
  ])('finds %s', (_what, text, expected) => {
    expect(inText(text)).toEqual(expected);
  });

  it.each([
    ['encodings and standards', 'Served as UTF-8 or UTF-16, dates in ISO-8601, hashed with SHA-256, per RFC-9110'],
    ['a CVE', 'Patched CVE-2024-1234'],
    ['versions and release names', 'Needs v1.2-3, V2.0-1, RC-1 or ABC-1.2'],
    ['dates written after a key-like word', 'Released ABC-2026-01-03'],
    ['hex colours', 'Colours #fff, #FFFFFF, #1e1e1e and #a1b2c3'],
    ['a URL fragment or a path', 'https://example.com/docs#12 and a/b/c#12'],
    ['HTML entities', 'it&#39;s and &#123;'],
    ['lower case words', 'shop-142 and x-1'],
    ['a zero or over-long number', 'SHOP-0 and SHOP-12345678 and #0'],
  ])('does not mistake %s for tickets', (_what, text) => {
    expect(inText(text)).toEqual([]);
  });

  it('turns GitHub and GitLab issue links into owner/repo#N', () => {
    const links = [
      { url: 'https://github.com/acme/shop/issues/12' },
      { url: 'https://github.com/acme/shop/pull/13#issuecomment-1' },
      { url: 'https://gitlab.com/acme/web/shop/-/issues/14' },
      { url: 'https://gitlab.example.com/acme/shop/-/merge_requests/15?tab=diffs' },
      { url: 'https://jira.example.com/browse/SHOP-16', title: 'also PAY-17' },
      { url: 'https://example.com/blog/issues' },
    ];
    expect(tickets({ links })).toEqual(['acme/shop#12', 'acme/shop#13', 'acme/web/shop#14', 'acme/shop#15', 'SHOP-16', 'PAY-17']);
  });

  it('searches tags, links, metadata, name and description, in that order', () => {
    const found = tickets({
      description: 'DESC-5',
      name: 'NAME-4',
      metadata: { jira: 'META-3', count: 7, active: true },
      links: [{ url: 'https://github.com/acme/shop/issues/2' }],
      tags: ['TAG-1', 'checkout'],
    });
    expect(found).toEqual(['TAG-1', 'acme/shop#2', 'META-3', 'NAME-4', 'DESC-5']);
  });

  it('uses the site\'s own pattern instead of the defaults', () => {
    const where = { tags: ['ticket 4711'], description: 'SHOP-142, #12, and ticket 99', links: [{ url: 'https://github.com/acme/shop/issues/12' }] };
    expect(tickets(where, String.raw`ticket \d+`)).toEqual(['ticket 4711', 'ticket 99']);
    // A team whose Jira project is called ISO says so with a pattern.
    expect(tickets({ description: 'ISO-8601 and ISO-12' }, String.raw`\bISO-\d{1,3}\b`)).toEqual(['ISO-12']);
  });

  it('keeps at most 20 tickets per flag', () => {
    const many = Array.from({ length: 50 }, (_, i) => `SHOP-${i + 1}`).join(' ');
    expect(inText(many)).toHaveLength(20);
  });

  it('does not hang on 1 MB of text anywhere in a flag', () => {
    const mb = 1024 * 1024;
    const noise = ['a'.repeat(mb), '-a'.repeat(mb / 2), 'A-'.repeat(mb / 2), 'a/'.repeat(mb / 2), '#1'.repeat(mb / 2), `${'x.'.repeat(mb / 2)}#1`];
    const started = performance.now();
    for (const text of noise) {
      tickets({
        description: text,
        name: text,
        tags: [text],
        metadata: { text },
        links: [{ url: `https://github.com/${'a/'.repeat(mb / 2)}issues/1`, title: text }, { url: text }],
      });
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('finds tickets near the start of a 1 MB description, not in its tail', () => {
    expect(inText(`SHOP-1 ${'lorem ipsum '.repeat(100_000)} SHOP-2`)).toEqual(['SHOP-1']);
  });
});
