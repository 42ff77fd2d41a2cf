import type { TrackerId } from '../signoff/tracker';
import { azureDevOpsMeta } from './azure-devops/meta';
import { gitHubMeta } from './github/meta';
import { gitLabMeta } from './gitlab/meta';
import { jiraCloudMeta } from './jira-cloud/meta';
import { jiraDataCenterMeta } from './jira-dc/meta';
import { linearMeta } from './linear/meta';
import type { TrackerMeta } from './types';

/**
 * Every tracker family's zod-free meta.ts, by id: what the options page and the side panel say
 * about a tracker before any request (its name, which token to create, its form fields), without
 * bundling the trackers' API code. Typed by TrackerId, so an id without a family fails to compile.
 */
export const TRACKER_META = {
  'jira-cloud': jiraCloudMeta,
  'jira-dc': jiraDataCenterMeta,
  github: gitHubMeta,
  gitlab: gitLabMeta,
  linear: linearMeta,
  'azure-devops': azureDevOpsMeta,
} as const satisfies { readonly [K in TrackerId]: TrackerMeta<never> & { id: K } };

/** Each tracker's name: "Jira Cloud", "GitHub"… */
export const TRACKER_LABELS: Record<TrackerId, string> = mapMeta((meta) => meta.label);

export interface TrackerTokenHelp {
  /** The token field's label, naming the kind of token: "GitHub token". */
  label: string;
  /** One or two sentences: which token, where to create it, which scopes. */
  help: string;
}

/** Every tracker needs a token: sign-offs are written as the token's account. */
export const TRACKER_TOKEN_HELP: Record<TrackerId, TrackerTokenHelp> = mapMeta((meta) => meta.token);

/** What the side panel says about each tracker, before any request. */
export const TRACKER_INFO: Record<TrackerId, { label: string; uploadsScreenshots: boolean; ticketExample: string }> = mapMeta(
  ({ label, uploadsScreenshots, ticketExample }) => ({ label, uploadsScreenshots, ticketExample }),
);

/** One value per tracker, in a record keyed by our own ids (never by outside strings). */
function mapMeta<T>(of: (meta: TrackerMeta<never>) => T): Record<TrackerId, T> {
  const out = Object.create(null) as Record<TrackerId, T>;
  for (const id of Object.keys(TRACKER_META) as TrackerId[]) out[id] = of(TRACKER_META[id]);
  return out;
}
