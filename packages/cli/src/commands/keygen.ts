import { existsSync, writeFileSync } from 'node:fs';
import { generateKeyFile, UsageError } from '../../../../lib/automation';
import { parse, seconds } from '../args';
import type { Output } from '../output';

export const KEYGEN_HELP = `flagtab keygen --sub <who> --out <file> [--flags a,b-*] [--max-lifetime 1h]

Makes an Ed25519 signing key for automation (a CI's own identity), writes it to <file> (keep it
secret: a CI secret, never the repository) and prints the line to add to the server's authorized
keys. Point FLAGTAB_KEY_FILE (or --key) at the file. Remove the line to revoke it.

  --flags a,b-*         the flags the key may override (prefix*); default: all
  --max-lifetime <d>    the longest token the server accepts from it: 900, 15m, 1h`;

/** `flagtab keygen`: a key file, and its authorized-keys line on stdout. */
export async function keygenCommand(args: string[], out: Output): Promise<number> {
  const { values: options } = parse('keygen', args, {
    sub: { type: 'string' }, out: { type: 'string', short: 'o' }, flags: { type: 'string' }, 'max-lifetime': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (options.help) return out.print(KEYGEN_HELP), 0;
  if (!options.out) throw new UsageError('say where to write the key: --out flagtab-key.json');
  if (existsSync(options.out) && !options.force) throw new UsageError(`${options.out} exists: keep it, or replace it with --force (the old key's line then stops working once removed from the server)`);
  const { file, line } = await generateKeyFile(options.sub ?? '', {
    ...(options.flags ? { flags: options.flags.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
    ...(options['max-lifetime'] ? { maxLifetimeSec: seconds(options['max-lifetime'], '--max-lifetime') } : {}),
  });
  writeFileSync(options.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  out.warn(`Wrote ${options.out} (private: keep it out of the repository). Add this line to the server's authorized keys:`);
  out.print(line);
  return 0;
}
