import type { CatalogueSource, ProviderId } from './catalogue-source';

/** Provider names as people know them; kept apart from the adapters so pages stay small. */
export const PROVIDER_LABELS: Record<ProviderId, string> = {
  'flags-file': 'Flags file',
  unleash: 'Unleash',
  launchdarkly: 'LaunchDarkly',
  flagsmith: 'Flagsmith',
  growthbook: 'GrowthBook',
  posthog: 'PostHog',
  ofrep: 'OpenFeature (OFREP)',
};

/** "shop / production at unleash.example.com": what a site card shows of its catalogue. */
export function catalogueSummary(source: CatalogueSource): string {
  if (source.provider === 'flags-file') return source.url ?? 'pasted file';
  const host = new URL(source.baseUrl).host;
  const where = 'project' in source && source.project ? source.project : '';
  const env = 'environment' in source ? source.environment : '';
  return [[where, env].filter(Boolean).join(' / '), `at ${host}`].filter(Boolean).join(' ');
}
