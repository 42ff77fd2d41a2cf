import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { jiraCloudMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = jiraCloudMeta;

/** A site's Jira Cloud settings (the token lives in the secrets store, bound to the site's origin). */
export const JiraCloudTarget = deferred(() => z.object({
  tracker: z.literal('jira-cloud'),
  baseUrl: BaseUrl('https://acme.atlassian.net').check(z.describe(fields.baseUrl.hint)),
  email: z.email('must be the e-mail address of the Atlassian account the API token belongs to').check(z.describe(fields.email.hint)),
}));
