import { z } from '../../zod';

/**
 * The parts of Azure DevOps' REST answers that Flagtab reads: work item attachments
 * (https://learn.microsoft.com/rest/api/azure/devops/wit/attachments/create), work item comments
 * (…/wit/comments/add-work-item-comment, …/wit/comments/get-comments) and the connection data
 * that names the signed-in account. Lenient: unknown fields pass.
 */

/** An uploaded attachment: its id and the URL a comment can embed. */
export const AttachmentSchema = z.object({ id: z.string().check(z.minLength(1)), url: z.url({ protocol: /^https?$/ }) });

/** A comment as Add Comment answers it (7.1-preview.4: `id`; the REST `url` is not a page a person opens). */
export const CommentSchema = z.object({ id: z.int() });

/** A page of comments: each is checked only if it carries the marker; `continuationToken` leads to the next. */
export const CommentListSchema = z.object({
  comments: z.array(z.looseObject({ text: z.nullish(z.string()) })),
  continuationToken: z.nullish(z.string()),
});

/**
 * GET {organization}/_apis/connectionData: who the request was authenticated as. An anonymous
 * caller gets an answer too, with an "UnauthenticatedIdentity" descriptor.
 */
export const ConnectionDataSchema = z.object({
  authenticatedUser: z.object({
    descriptor: z.nullish(z.string()),
    providerDisplayName: z.nullish(z.string()),
    properties: z.nullish(z.looseObject({ Account: z.nullish(z.looseObject({ $value: z.nullish(z.string()) })) })),
  }),
});

/** The project's root area, which Test connection reads to prove the project exists. */
export const AreaNodeSchema = z.object({ name: z.string() });

/**
 * Azure DevOps' error body: { "$id", "innerException", "message": "TF401232: Work item 4711 does
 * not exist, or you do not have permissions to read it.", "typeName", "typeKey", "errorCode", "eventId" }.
 */
export const AdoErrorSchema = z.object({ message: z.optional(z.string()), typeKey: z.optional(z.string()), typeName: z.optional(z.string()) });
