import type { Flag } from '../../../lib/flags/flag';
import { migrateConfig } from '../../../lib/config/migrations';
import type { Site } from '../../../lib/config/schema';

/** Flags as the demo shop's catalogue has them, after normalising. */
export const FLAGS: Flag[] = [
  { key: 'new-checkout', type: 'boolean', variants: [{ name: 'on', value: true }, { name: 'off', value: false }], defaultValue: false },
  { key: 'hero-banner', type: 'string', variants: ['a', 'b', 'c', 'd'].map((v) => ({ name: v, value: v })), defaultValue: 'a' },
  { key: 'max-items', type: 'number', variants: [{ name: 'three', value: 3 }, { name: 'five', value: 5 }, { name: 'ten', value: 10 }], defaultValue: 3 },
  { key: 'greeting', type: 'string', variants: [] },
  { key: 'limits', type: 'json', variants: [] },
  { key: 'ratio', type: 'number', variants: [] },
] as Flag[];

/** A site as the configuration file gives it (defaults filled in by the same migrations). */
export function site(input: Record<string, unknown> = {}): Site {
  const result = migrateConfig({ version: 1, sites: [{ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' }, ...input }] });
  if (!result.ok) throw new Error(result.error);
  return result.config.sites[0]!;
}
