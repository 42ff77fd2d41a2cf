import type { CatalogueSource } from './sources';

/** "shop / production at unleash.example.com": what a site card shows of its catalogue. */
export function catalogueSummary(source: CatalogueSource): string {
  if (source.provider === 'flags-file') return source.url ?? 'pasted file';
  const host = new URL(source.baseUrl).host;
  const where = 'project' in source && source.project ? source.project : '';
  const env = 'environment' in source ? source.environment : '';
  return [[where, env].filter(Boolean).join(' / '), `at ${host}`].filter(Boolean).join(' ');
}
