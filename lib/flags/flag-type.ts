import type { FlagType } from './flag';

/**
 * The flag type a value calls for (which control the popup shows). Free of zod, so the popup can
 * use it without bundling the schemas.
 *
 * @example flagTypeOf(3) === 'number'; flagTypeOf({ a: 1 }) === 'json'
 */
export function flagTypeOf(value: unknown): FlagType {
  return typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'json';
}
