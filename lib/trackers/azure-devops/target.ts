import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { azureDevOpsMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = azureDevOpsMeta;

/** A site's Azure DevOps settings (the token lives in the secrets store). */
export const AzureDevOpsTarget = deferred(() => z.object({
  tracker: z.literal('azure-devops'),
  baseUrl: z._default(BaseUrl('https://dev.azure.com'), fields.baseUrl.default).check(z.describe(fields.baseUrl.hint)),
  organization: z.string().check(z.trim(), z.minLength(1, 'must name the organization'), z.maxLength(200), z.describe(fields.organization.hint)),
  project: z.string().check(z.trim(), z.minLength(1, 'must name the project'), z.maxLength(200), z.describe(fields.project.hint)),
}));
