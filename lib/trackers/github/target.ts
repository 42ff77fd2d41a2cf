import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { gitHubMeta } from './meta';

const { fields } = gitHubMeta;

/** A site's GitHub settings (the token lives in the secrets store). */
export const GitHubTarget = z.object({
  tracker: z.literal('github'),
  apiUrl: BaseUrl('https://api.github.com').default(fields.apiUrl.default).describe(fields.apiUrl.hint),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo').optional().describe(fields.repo.hint),
});
