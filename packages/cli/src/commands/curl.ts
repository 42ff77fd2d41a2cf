import { spawn } from 'node:child_process';
import { UsageError, withQueryParams } from '../../../../lib/automation';
import { parse, SITE_OPTIONS } from '../args';
import { plan } from '../plan';
import type { Output } from '../output';

export const CURL_HELP = `flagtab curl --site <id> [key=value…] [options] -- <curl arguments>

Runs curl with the overrides' headers added, for every URL among the curl arguments. Each URL
must be on one of the site's hosts: Flagtab never sends overrides anywhere else.

  e.g. flagtab curl --site shop new-checkout=true -- -i https://shop.example.com/checkout

Takes the options of "flagtab header" (see flagtab header --help), except --host and --cookie:
the URLs say where the request goes.`;

const isUrl = (arg: string) => /^(https?|wss?):\/\//i.test(arg);

/** `flagtab curl`: curl with the overrides, for the site's URLs only; exits with curl's status. */
export async function curlCommand(args: string[], out: Output, run: typeof spawn = spawn): Promise<number> {
  const split = args.indexOf('--');
  const own = split === -1 ? args : args.slice(0, split);
  const curlArgs = split === -1 ? [] : args.slice(split + 1);
  const { values: options, positionals } = parse('curl', own, SITE_OPTIONS);
  if (options.help) return out.print(CURL_HELP), 0;
  const urls = curlArgs.filter(isUrl);
  if (urls.length === 0) throw new UsageError('give curl a URL after "--": flagtab curl --site shop new-checkout=true -- https://shop.example.com/');
  const planned = await plan(options, positionals);
  const outside = urls.filter((url) => !planned.overrides.covers(url));
  if (outside.length > 0) throw new UsageError(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not on site "${planned.site.id}" (${planned.site.hosts.join(', ')}): overrides only go to the site's hosts.`);
  if (urls.length > 1 && planned.site.transports.signed?.enabled) {
    const hosts = new Set(urls.map((u) => new URL(u).hostname));
    if (hosts.size > 1) throw new UsageError('signed tokens name one host: run flagtab curl once per host.');
  }
  if (planned.overrides.unsignedWarning) out.warn(planned.overrides.unsignedWarning);
  const headers = (await planned.overrides.headersFor(urls[0]!)).flatMap((change) => ['-H', `${change.header}: ${change.value ?? ''}`]);
  const withParams = curlArgs.map((arg) => (isUrl(arg) ? withQueryParams(arg, planned.overrides.queryParams) : arg));
  return new Promise<number>((done, fail) => {
    const child = run('curl', [...headers, ...withParams], { stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? fail(new UsageError('curl is not installed: install it, or print the headers with "flagtab header".')) : fail(error)));
    child.on('exit', (code) => done(code ?? 1));
  });
}
