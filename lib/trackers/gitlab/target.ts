import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { gitLabMeta } from './meta';

const { fields } = gitLabMeta;

/** A site's GitLab settings (the token lives in the secrets store). */
export const GitLabTarget = z.object({
  tracker: z.literal('gitlab'),
  baseUrl: BaseUrl('https://gitlab.com').default(fields.baseUrl.default).describe(fields.baseUrl.hint),
  project: z.string().regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be a project path like group/project').optional().describe(fields.project.hint),
});
