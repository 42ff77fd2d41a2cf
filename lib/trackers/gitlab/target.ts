import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { gitLabMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = gitLabMeta;

/** A site's GitLab settings (the token lives in the secrets store). */
export const GitLabTarget = deferred(() => z.object({
  tracker: z.literal('gitlab'),
  baseUrl: z._default(BaseUrl('https://gitlab.com'), fields.baseUrl.default).check(z.describe(fields.baseUrl.hint)),
  project: z.optional(z.string().check(z.regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be a project path like group/project'))).check(z.describe(fields.project.hint)),
}));
