import { z as classic } from 'zod';
import type { z } from '../zod';
import { AzureDevOpsTarget } from './azure-devops/target';
import { GitHubTarget } from './github/target';
import { GitLabTarget } from './gitlab/target';
import { JiraCloudTarget } from './jira-cloud/target';
import { JiraDataCenterTarget } from './jira-dc/target';
import { LinearTarget } from './linear/target';

/**
 * Where a site's QA sign-offs go: one issue tracker per site, each family's settings schema
 * (<name>/target.ts). As with catalogues, tokens are not part of this; they live in the secrets
 * store under the site's "tracker" slot, bound to the tracker's origin. The registry of
 * schemas, apart from the API registry (registry.ts) so lib/config does not bundle the trackers.
 *
 * The union alone is still classic zod (its options are zod/mini): lib/config/schema.ts:81 calls
 * `TrackerTargetSchema.optional().describe(…)`, which zod/mini schemas do not have. Once that
 * line reads `z.optional(TrackerTargetSchema)` (the zod/mini move of lib/config does this), make
 * this `z.discriminatedUnion` from ../zod and drop the classic import.
 */
export const TrackerTargetSchema = classic.discriminatedUnion('tracker', [JiraCloudTarget, JiraDataCenterTarget, GitHubTarget, GitLabTarget, LinearTarget, AzureDevOpsTarget]);
export type TrackerTarget = z.infer<typeof TrackerTargetSchema>;
