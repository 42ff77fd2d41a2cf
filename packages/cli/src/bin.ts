import { main } from './cli';

// The executable: the package's bin (dist/cli.js) is this file bundled.
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`flagtab: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
