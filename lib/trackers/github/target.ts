import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { gitHubMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = gitHubMeta;

/** A site's GitHub settings (the token lives in the secrets store). */
export const GitHubTarget = deferred(() => z.object({
  tracker: z.literal('github'),
  apiUrl: z._default(BaseUrl('https://api.github.com'), fields.apiUrl.default).check(z.describe(fields.apiUrl.hint)),
  repo: z.optional(z.string().check(z.regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo'))).check(z.describe(fields.repo.hint)),
}));
