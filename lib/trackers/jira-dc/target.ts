import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { jiraDataCenterMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = jiraDataCenterMeta;

/** A site's Jira Data Center settings (the token lives in the secrets store). */
export const JiraDataCenterTarget = deferred(() => z.object({
  tracker: z.literal('jira-dc'),
  baseUrl: BaseUrl('https://jira.example.com').check(z.describe(fields.baseUrl.hint)),
}));
