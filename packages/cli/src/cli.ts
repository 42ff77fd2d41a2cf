import { UsageError } from '../../../lib/automation';
import { curlCommand, CURL_HELP } from './commands/curl';
import { headerCommand, HEADER_HELP } from './commands/header';
import { keygenCommand, KEYGEN_HELP } from './commands/keygen';
import { scenariosCommand, sitesCommand, SCENARIOS_HELP, SITES_HELP } from './commands/scenarios';
import { verifyCommand, VERIFY_HELP } from './commands/verify';
import { processOutput, type Output } from './output';

/**
 * `flagtab`: Flagtab's overrides outside the browser. Exit codes: 0 done (verify: accepted),
 * 1 refused (verify) or curl's own failure, 2 input to fix (an unknown site, flag or value).
 */
const COMMANDS: Record<string, { run: (args: string[], out: Output) => number | Promise<number>; help: string }> = {
  header: { run: headerCommand, help: HEADER_HELP },
  curl: { run: curlCommand, help: CURL_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  scenarios: { run: scenariosCommand, help: SCENARIOS_HELP },
  sites: { run: sitesCommand, help: SITES_HELP },
  keygen: { run: keygenCommand, help: KEYGEN_HELP },
};

const USAGE = `flagtab <command> [options]   (flagtab <command> --help for its options)

  header     print the header (v1 or signed v2) or cookie that carries overrides to a site
  curl       run curl with those overrides, on the site's hosts only
  verify     check a signed override against a server's authorized keys, and say why it fails
  scenarios  list the scenarios a Flagtab configuration holds
  sites      list the sites a Flagtab configuration holds
  keygen     make a signing key for automation, and its authorized-keys line

The configuration is the file Flagtab's options page exports (default ./flagtab-config.json).`;

export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return out.print(USAGE), name === undefined ? 2 : 0;
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    out.warn(`flagtab: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(args, out);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.warn(`flagtab ${name}: ${error.message}`);
    return 2;
  }
}
