import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../../../lib/automation';
import { DEFAULT_HEADER_NAME } from '../../../../lib/wire';
import { importKeys, KeyConfigError, parseAuthorizedKeys, verifyOverrides, V2_HEADER_NAME } from '../../../../lib/wire/v2';
import { parse } from '../args';
import type { Output } from '../output';

export const VERIFY_HELP = `flagtab verify --keys <file> --host <host> <token | "Header: token" | ->

Checks a signed override (wire v2) the way a server with @flagtab/server does, and says why it
is refused. Exits 0 when accepted, 1 when refused, 2 when the input cannot be read.

  --keys <file>   the server's authorized keys (lines or a JWK set): FLAGTAB_AUTHORIZED_KEYS's file
  --host <host>   the host the request went to (the token's audience)
  --at <time>     check as of this time (ISO 8601), e.g. when a request in a log was made
  -               read the token or header line from standard input`;

/** `flagtab verify`: accepted (with who, what and until when) or refused (with why). */
export async function verifyCommand(args: string[], out: Output, stdin: () => Promise<string> = readStdin): Promise<number> {
  const { values: options, positionals } = parse('verify', args, {
    keys: { type: 'string' }, host: { type: 'string' }, at: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (options.help) return out.print(VERIFY_HELP), 0;
  if (!options.keys) throw new UsageError('give the server\'s authorized keys: --keys <file>');
  if (!options.host) throw new UsageError('give the host the request went to: --host shop.example.com (a token is valid for one host)');
  if (positionals.length !== 1) throw new UsageError('give one token, header line, or "-" to read it from standard input');
  if (!existsSync(options.keys)) throw new UsageError(`no authorized keys at ${options.keys}`);
  let keys;
  try {
    keys = await importKeys(parseAuthorizedKeys(readFileSync(options.keys, 'utf8')));
  } catch (error) {
    if (error instanceof KeyConfigError) throw new UsageError(`${options.keys}: ${error.message}`);
    throw error;
  }
  const now = options.at === undefined ? undefined : Date.parse(options.at);
  if (now !== undefined && Number.isNaN(now)) throw new UsageError(`--at must be a time like 2026-12-07T09:30:00Z; got "${options.at}"`);

  const input = (positionals[0] === '-' ? await stdin() : positionals[0]!).trim();
  const header = /^([A-Za-z0-9-]+):\s*(.*)$/s.exec(input);
  if (header && header[1]!.toLowerCase() === DEFAULT_HEADER_NAME.toLowerCase()) {
    out.print(`refused (unsigned): ${DEFAULT_HEADER_NAME} is wire v1, which carries no signature; a server that verifies ignores it. Turn on the site's signed transport and send ${V2_HEADER_NAME}.`);
    return 1;
  }
  const token = header ? header[2]!.trim() : input;
  const host = options.host.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '').toLowerCase();
  const result = await verifyOverrides(token, { keys, audience: host, ...(now !== undefined ? { now: Math.floor(now / 1000) } : {}) });
  if (!result.ok) {
    out.print(`refused (${result.reason}): ${result.message}`);
    return 1;
  }
  out.print(`accepted: key "${result.kid}" (${result.sub}) for ${host}, until ${new Date(result.exp * 1000).toISOString()}`);
  for (const [key, value] of Object.entries(result.values)) out.print(`  ${key} = ${JSON.stringify(value)}`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
