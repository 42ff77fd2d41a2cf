import { UsageError, withQueryParams } from '../../../../lib/automation';
import { parse, SITE_OPTIONS } from '../args';
import { plan, targetUrl } from '../plan';
import type { Output } from '../output';

export const HEADER_HELP = `flagtab header --site <id> [key=value…] [options]

Prints the request headers that carry these overrides to the site, one "Name: value" line each,
exactly as the Flagtab extension sends them (the site's transports: the X-Feature-Flags header,
the cookie, the signed v2 header, a test-traffic marker…). Paste them into curl -H or Postman.

  --site, -s <id>     the site, by id or name, from your Flagtab configuration
  --config, -c <file> the configuration exported from Flagtab (default: $FLAGTAB_CONFIG or ./flagtab-config.json)
  --host <host|url>   the host the request goes to (default: the site's first host); signed tokens name it
  --cookie            print only the cookie, as name=value (for a cookie jar or curl -b)
  --scenario <id>     start from a saved scenario's values
  --json '<object>'   values as JSON, for keys holding = , ; or values key=value cannot type
  --key <file>        sign with this key file (from "flagtab keygen"); or set FLAGTAB_KEY_FILE / FLAGTAB_TEAM_SECRET
  --sub <who>         who signs (the token's sub); or FLAGTAB_SUB
  --ttl <duration>    how long a signed token lives: 900, 15m, 1h (default 15m, at most 1h)
  --no-catalogue      do not check flags and values against the site's flag catalogue

Values: true/false, numbers and JSON are read as such, anything else as text; with the catalogue,
a variant may be named (hero-banner=b, max-items=five).`;

/** `flagtab header`: the header lines (or the cookie) for one request to the site. */
export async function headerCommand(args: string[], out: Output): Promise<number> {
  const { values: options, positionals } = parse('header', args, { ...SITE_OPTIONS, host: { type: 'string' }, cookie: { type: 'boolean' } });
  if (options.help) return out.print(HEADER_HELP), 0;
  const planned = await plan(options, positionals);
  const url = targetUrl(planned.site, options.host);
  if (!planned.overrides.covers(url)) throw new UsageError(`${new URL(url).hostname} is not a host of site "${planned.site.id}" (${planned.site.hosts.join(', ')}): overrides only go to the site's hosts.`);
  const changes = await planned.overrides.headersFor(url);
  if (planned.overrides.unsignedWarning) out.warn(planned.overrides.unsignedWarning);
  if (options.cookie) {
    const cookies = changes.filter((c) => c.header.toLowerCase() === 'cookie');
    if (cookies.length === 0) throw new UsageError(`site "${planned.site.id}" sends no cookie (its cookie transports are off): print the headers instead (drop --cookie).`);
    for (const cookie of cookies) out.print(cookie.value ?? '');
    return 0;
  }
  if (changes.length === 0 && planned.overrides.queryParams.length === 0) throw new UsageError(`site "${planned.site.id}" has every transport switched off: nothing would carry these overrides.`);
  for (const change of changes) out.print(`${change.header}: ${change.value ?? ''}`);
  if (planned.overrides.queryParams.length > 0) out.warn(`The site also takes them in the address: ${withQueryParams(url, planned.overrides.queryParams)}`);
  return 0;
}
