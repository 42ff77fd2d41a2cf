import { z } from 'zod';

/**
 * The parts of GitHub's issue comment (https://docs.github.com/rest/issues/comments) that
 * Flagtab reads. Lenient like the provider schemas: unknown fields pass. `html_url` must be an
 * http(s) link, since the history shows it as one.
 */
export const IssueCommentSchema = z.object({
  id: z.number().int(),
  html_url: z.url({ protocol: /^https?$/ }),
  body: z.string().nullish(),
});

/** A page of "List issue comments": each item is checked only if it carries the marker. */
export const CommentPageSchema = z.array(z.object({ body: z.string().nullish() }).loose());

/** GitHub's error body: { message, documentation_url, errors?: [{ resource, field, code, message? }] }. */
export const GitHubErrorSchema = z.object({
  message: z.string().optional(),
  errors: z.array(z.union([z.string(), z.object({ field: z.string().optional(), code: z.string().optional(), message: z.string().optional() }).loose()])).optional(),
});

/** "Get the authenticated user" (https://docs.github.com/rest/users/users#get-the-authenticated-user): the login, and the name if set. */
export const AuthenticatedUserSchema = z.object({ login: z.string().min(1), name: z.string().nullish() });
