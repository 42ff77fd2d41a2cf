import { describe, expect, it } from 'vitest';
import { checkTicketPattern } from '../../lib/tickets/pattern-safety';
import { ticketMatcher, ticketsOf } from '../../lib/tickets/extract';
import { SiteSchema } from '../../lib/config/schema';
import { parseConfigFile } from '../../lib/config/file';
import { formToSite, siteToForm } from '../../lib/config/site-form';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' } };

describe('a site\'s ticket pattern cannot hang the background', () => {
  it.each(['(a|aa)+b', '(a+)+$', '(\\w+\\s?)*$', '(?:x|xy){2,}z', '((ab)*c)+d', '([A-Z]+-?)+\\d'])('refuses %s, saying what to write instead', (pattern) => {
    const check = checkTicketPattern(pattern);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.error).toMatch(/e\.g\. "SHOP-\\d\+" or "\(SHOP\|PAY\)-\\d\+"/);
  });

  it('refuses a pattern without nested groups that still slows down faster than its text grows', () => {
    const check = checkTicketPattern('\\w*\\w*\\w*x');
    expect(check.ok ? '' : check.error).toMatch(/^takes too long on some text \(over 20 ms on \d+ characters/);
  });

  it.each(['SHOP-\\d+', '(SHOP|PAY)-\\d+', '[A-Z]{2,10}-\\d{1,6}', '#\\d+', '(?:story|bug) \\d+', 'x(ab){2}y'])('accepts %s', (pattern) => {
    expect(checkTicketPattern(pattern)).toEqual({ ok: true });
  });

  it('is refused when a site is saved in the options form and when a file is imported', () => {
    const saved = formToSite({ ...siteToForm(SiteSchema.parse(site)), ticketPattern: '(a|aa)+b' }, { id: 'shop', otherSites: [] });
    expect(saved.ok ? undefined : saved.errors.ticketPattern).toMatch(/repeats a group that repeats or branches inside \("\(a\|aa\)\+"\)/);
    const imported = parseConfigFile(JSON.stringify({ format: 'flagtab-config', version: 1, sites: [{ ...site, ticketPattern: '(a|aa)+b' }] }));
    expect(imported.ok ? '' : imported.error).toMatch(/ticketPattern: repeats a group/);
  });

  it('searches only the start of each text with a site\'s own pattern', () => {
    const matcher = ticketMatcher('SHOP-\\d+');
    expect(ticketsOf({ tags: [`${'x'.repeat(1_000)} SHOP-1`], links: [], metadata: {}, name: undefined, description: `${'x'.repeat(5_000)} SHOP-2` }, matcher)).toEqual(['SHOP-1']);
  });
});
