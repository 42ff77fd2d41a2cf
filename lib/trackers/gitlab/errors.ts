import { describeFor } from '../http';
import { GitLabErrorSchema } from './api-schema';

/** GitLab's own words from an error body: "404 Project Not Found", "body is too long (…)". */
export function gitLabSays(body: unknown): string | undefined {
  const parsed = GitLabErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, error, error_description } = parsed.data;
  const words =
    typeof message === 'string' ? message
    : Array.isArray(message) ? message.join('; ')
    : message ? Object.entries(message).map(([field, problems]) => `${field} ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`).join('; ')
    : (error_description ?? error);
  return words || undefined;
}

/** How GitLab's failures are worded (lib/trackers/http.ts finishes the sentences). */
export const GITLAB = describeFor('GitLab', {
  newToken: 'create a personal access token with the api scope (Preferences → Access tokens) and paste it in Settings',
  permission: 'the token needs the api scope (read_api cannot comment), and its account a role on the project that may comment (Guest or higher; Planner or Reporter for a confidential issue). A locked issue refuses comments too',
  notFound: 'check the key (group/project#number). GitLab also answers "not found" for a private project the token cannot see: give the token\'s account access to it',
  errorText: gitLabSays,
});
