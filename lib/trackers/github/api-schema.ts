import { z } from '../../zod';

/**
 * The parts of GitHub's issue comment (https://docs.github.com/rest/issues/comments) that
 * Flagtab reads. Lenient like the provider schemas: unknown fields pass. `html_url` must be an
 * http(s) link, since the history shows it as one.
 */
export const IssueCommentSchema = z.object({
  id: z.int(),
  html_url: z.url({ protocol: /^https?$/ }),
  body: z.nullish(z.string()),
});

/** A page of "List issue comments": each item is checked only if it carries the marker. */
export const CommentPageSchema = z.array(z.looseObject({ body: z.nullish(z.string()) }));

/** GitHub's error body: { message, documentation_url, errors?: [{ resource, field, code, message? }] }. */
export const GitHubErrorSchema = z.object({
  message: z.optional(z.string()),
  errors: z.optional(z.array(z.union([z.string(), z.looseObject({ field: z.optional(z.string()), code: z.optional(z.string()), message: z.optional(z.string()) })]))),
});

/** "Get the authenticated user" (https://docs.github.com/rest/users/users#get-the-authenticated-user): the login, and the name if set. */
export const AuthenticatedUserSchema = z.object({ login: z.string().check(z.minLength(1)), name: z.nullish(z.string()) });
