import { z } from '../../zod';
import { DictSchema } from '../../dict-schema';

/**
 * The parts of GitLab's REST API v4 answers that Flagtab reads: project uploads
 * (https://docs.gitlab.com/api/project_markdown_uploads/) and issue notes
 * (https://docs.gitlab.com/api/notes/). Lenient: unknown fields pass.
 */
export const UploadSchema = z.object({
  /** "![shot.png](/uploads/<secret>/shot.png)": what a note embeds. */
  markdown: z.string().check(z.minLength(1)),
  /** "/uploads/<secret>/shot.png", relative to the project. */
  url: z.string().check(z.startsWith('/')),
  /** "/-/project/<id>/uploads/<secret>/shot.png" (GitLab 17+) or "/group/project/uploads/…", relative to the instance. */
  full_path: z.nullish(z.string().check(z.startsWith('/'))),
});

export const NoteSchema = z.object({ id: z.int() });

/** A page of issue notes; `system` notes are GitLab's own ("changed the description"), never Flagtab's. */
export const NotePageSchema = z.array(z.looseObject({ body: z.nullish(z.string()), system: z.nullish(z.boolean()) }));

/**
 * GitLab's error bodies: { "message": "404 Project Not Found" }, { "message": { "body": ["is too
 * long"] } }, { "error": "file is missing" }, or OAuth's { "error": "insufficient_scope",
 * "error_description": "…", "scope": "api" }.
 */
export const GitLabErrorSchema = z.object({
  message: z.optional(z.union([z.string(), z.array(z.string()), DictSchema(z.unknown())])),
  error: z.optional(z.string()),
  error_description: z.optional(z.string()),
});

/** GET /user (https://docs.gitlab.com/api/users/#retrieve-the-current-user): the username, and the name. */
export const CurrentUserSchema = z.object({ username: z.string().check(z.minLength(1)), name: z.nullish(z.string()) });
