import type { Site } from '../../lib/config/schema';
import { catalogueSummary } from '../../lib/providers/summary';
import { PROVIDER_NAMES, TRANSPORT_SUMMARIES } from './card-words';

/**
 * How long overrides last, in words.
 *
 * @example formatDuration(480) // '8 hours'
 * @example formatDuration(90) // '1.5 hours'
 */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round((minutes / 60) * 100) / 100;
  if (hours % 24 === 0 && hours >= 48) return `${hours / 24} days`;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** "Header X-Feature-Flags, cookie flagtab", or a warning that nothing reaches the site. */
export function formatTransports(transports: Site['transports']): string {
  const parts = TRANSPORT_SUMMARIES.flatMap(([id, summary]) => {
    const settings = transports[id];
    return settings?.enabled ? [`${summary} ${settings.name}`] : [];
  });
  if (parts.length === 0) return 'none — overrides cannot reach this site';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "https://…/flags.json", or the pasted file's size. */
export function formatCatalogue(catalogue: Site['catalogue']): string {
  if (catalogue.provider !== 'flags-file') return `${PROVIDER_NAMES[catalogue.provider]} · ${catalogueSummary(catalogue)}`;
  if (catalogue.url) return catalogue.url;
  const kb = Math.max(1, Math.round(new TextEncoder().encode(catalogue.inline ?? '').byteLength / 1024));
  return `Pasted flags file (${kb} KB)`;
}

/**
 * Origins as the host names a person recognises, without schemes and repeats.
 *
 * @example formatOrigins(['http://shop.example.com/*', 'https://shop.example.com/*']) // 'shop.example.com'
 */
export function formatOrigins(origins: readonly string[]): string {
  const hosts = origins.map((origin) => origin.replace(/^[a-z*]+:\/\//, '').replace(/\/\*$/, ''));
  return [...new Set(hosts)].join(', ');
}
