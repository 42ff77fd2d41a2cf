import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../../lib/automation';

/** Options every command that plans overrides takes. */
export const SITE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  site: { type: 'string', short: 's' },
  json: { type: 'string', multiple: true },
  scenario: { type: 'string' },
  key: { type: 'string' },
  sub: { type: 'string' },
  ttl: { type: 'string' },
  'no-catalogue': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** `parseArgs`, with its errors turned into usage errors that name the command's help. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}. See "flagtab ${command} --help".`);
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * A duration as people type it: "900", "15m", "1h".
 *
 * @example seconds('15m', '--ttl') // 900
 */
export function seconds(text: string, option: string): number {
  const match = /^(\d+)\s*(s|m|h)?$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new UsageError(`${option} must be a duration like 900, 15m or 1h; got "${text}"`);
  return Number(match[1]) * UNITS[match[2] ?? 's']!;
}
