import { z } from '../zod';
import { AzureDevOpsTarget } from './azure-devops/target';
import { GitHubTarget } from './github/target';
import { GitLabTarget } from './gitlab/target';
import { JiraCloudTarget } from './jira-cloud/target';
import { JiraDataCenterTarget } from './jira-dc/target';
import { LinearTarget } from './linear/target';
import { deferred } from '../lazy-schema';

/**
 * Where a site's QA sign-offs go: one issue tracker per site, each family's settings schema
 * (<name>/target.ts). As with catalogues, tokens are not part of this; they live in the secrets
 * store under the site's "tracker" slot, bound to the tracker's origin. The registry of
 * schemas, apart from the API registry (registry.ts) so lib/config does not bundle the trackers.
 */
export const TrackerTargetSchema = deferred(() => z.discriminatedUnion('tracker', [JiraCloudTarget, JiraDataCenterTarget, GitHubTarget, GitLabTarget, LinearTarget, AzureDevOpsTarget]));
export type TrackerTarget = z.infer<typeof TrackerTargetSchema>;
