import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { jiraDataCenterMeta } from './meta';

const { fields } = jiraDataCenterMeta;

/** A site's Jira Data Center settings (the token lives in the secrets store). */
export const JiraDataCenterTarget = z.object({
  tracker: z.literal('jira-dc'),
  baseUrl: BaseUrl('https://jira.example.com').check(z.describe(fields.baseUrl.hint)),
});
