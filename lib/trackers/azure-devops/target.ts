import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { azureDevOpsMeta } from './meta';

const { fields } = azureDevOpsMeta;

/** A site's Azure DevOps settings (the token lives in the secrets store). */
export const AzureDevOpsTarget = z.object({
  tracker: z.literal('azure-devops'),
  baseUrl: BaseUrl('https://dev.azure.com').default(fields.baseUrl.default).describe(fields.baseUrl.hint),
  organization: z.string().trim().min(1, 'must name the organization').max(200).describe(fields.organization.hint),
  project: z.string().trim().min(1, 'must name the project').max(200).describe(fields.project.hint),
});
