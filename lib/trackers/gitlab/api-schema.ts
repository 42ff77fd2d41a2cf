import { z } from 'zod';
import { DictSchema } from '../../dict-schema';

/**
 * The parts of GitLab's REST API v4 answers that Flagtab reads: project uploads
 * (https://docs.gitlab.com/api/project_markdown_uploads/) and issue notes
 * (https://docs.gitlab.com/api/notes/). Lenient: unknown fields pass.
 */
export const UploadSchema = z.object({
  /** "![shot.png](/uploads/<secret>/shot.png)": what a note embeds. */
  markdown: z.string().min(1),
  /** "/uploads/<secret>/shot.png", relative to the project. */
  url: z.string().startsWith('/'),
  /** "/-/project/<id>/uploads/<secret>/shot.png" (GitLab 17+) or "/group/project/uploads/…", relative to the instance. */
  full_path: z.string().startsWith('/').nullish(),
});

export const NoteSchema = z.object({ id: z.number().int() });

/** A page of issue notes; `system` notes are GitLab's own ("changed the description"), never Flagtab's. */
export const NotePageSchema = z.array(z.object({ body: z.string().nullish(), system: z.boolean().nullish() }).loose());

/**
 * GitLab's error bodies: { "message": "404 Project Not Found" }, { "message": { "body": ["is too
 * long"] } }, { "error": "file is missing" }, or OAuth's { "error": "insufficient_scope",
 * "error_description": "…", "scope": "api" }.
 */
export const GitLabErrorSchema = z.object({
  message: z.union([z.string(), z.array(z.string()), DictSchema(z.unknown())]).optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** GET /user (https://docs.gitlab.com/api/users/#retrieve-the-current-user): the username, and the name. */
export const CurrentUserSchema = z.object({ username: z.string().min(1), name: z.string().nullish() });
