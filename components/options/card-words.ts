import type { ProviderId } from '../../lib/providers/meta-registry';
import type { TrackerId } from '../../lib/signoff/tracker';
import type { TransportId } from '../../lib/transports/meta-registry';

/*
 * What a site card calls each provider, tracker and transport: the labels of their families'
 * meta.ts, copied. The metas also hold every form's hints, fields and checks (and the wire code
 * those checks use), about 5 KB gzip that the list of sites would load for three words; the site
 * form loads them. tests/unit/options-card-words.test.ts holds each copy equal to its meta, and
 * the types fail to compile when a family is added without its words here.
 */

/** The provider's name, as `providerMeta(id).label`. */
export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  'flags-file': 'Flags file',
  unleash: 'Unleash',
  launchdarkly: 'LaunchDarkly',
  flagsmith: 'Flagsmith',
  growthbook: 'GrowthBook',
  posthog: 'PostHog',
  ofrep: 'OpenFeature (OFREP)',
  vercel: 'Vercel Flags SDK',
};

/** The tracker's name, as `TRACKER_LABELS[id]`. */
export const TRACKER_NAMES: Readonly<Record<TrackerId, string>> = {
  'jira-cloud': 'Jira Cloud',
  'jira-dc': 'Jira Data Center',
  github: 'GitHub',
  gitlab: 'GitLab',
  linear: 'Linear',
  'azure-devops': 'Azure DevOps',
};

/** Each transport's `summary`, in the order of TRANSPORT_METAS (the order the form shows them). */
export const TRANSPORT_SUMMARIES: readonly (readonly [TransportId, string])[] = [
  ['header', 'header'],
  ['cookie', 'cookie'],
  ['signed', 'signed header'],
  ['query', 'query parameter'],
  ['marker', 'test-traffic header'],
  ['growthbook', 'GrowthBook'],
  ['eppo', 'Eppo override header'],
  ['vercel', 'Vercel Flags cookie'],
];
