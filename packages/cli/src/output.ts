/** Where a command writes: results to stdout, warnings and errors to stderr (so pipes get only results). */
export interface Output {
  print(line: string): void;
  warn(line: string): void;
}

export const processOutput: Output = {
  print: (line) => void process.stdout.write(`${line}\n`),
  warn: (line) => void process.stderr.write(`${line}\n`),
};
