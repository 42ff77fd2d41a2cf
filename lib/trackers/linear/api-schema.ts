import { z } from '../../zod';

/**
 * The GraphQL operations Flagtab sends to Linear (https://linear.app/developers/graphql) and the
 * parts of their answers it reads. Lenient: unknown fields pass. Each operation is named, so
 * Linear's logs (and the fake server in tests) can tell them apart.
 */

/** Who the API key signs in as. */
export const VIEWER_QUERY = 'query FlagtabViewer { viewer { name email } }';

/**
 * One page of an issue's comments; `issue(id:)` takes the identifier ("ENG-12") as well as the
 * UUID. 100 per page keeps the query far below Linear's complexity limit per request.
 */
export const COMMENTS_QUERY =
  'query FlagtabComments($issue: String!, $after: String) { issue(id: $issue) { comments(first: 100, after: $after) { nodes { id body url createdAt } pageInfo { hasNextPage endCursor } } } }';

/** A signed upload URL for the screenshot (https://linear.app/developers/how-to-upload-a-file-to-linear). */
export const FILE_UPLOAD_MUTATION =
  'mutation FlagtabFileUpload($contentType: String!, $filename: String!, $size: Int!) { fileUpload(contentType: $contentType, filename: $filename, size: $size) { success uploadFile { uploadUrl assetUrl headers { key value } } } }';

/** The comment; `issueId` takes the identifier ("ENG-12"), `body` is Markdown. */
export const COMMENT_CREATE_MUTATION =
  'mutation FlagtabCommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id url } } }';

const webUrl = () => z.url({ protocol: /^https?$/ });

export const ViewerAnswerSchema = z.object({
  data: z.object({ viewer: z.object({ name: z.string(), email: z.nullish(z.string()) }) }),
});

/** A page of comments; each node is checked only if it carries the marker. `issue` is null when Linear has no such issue. */
export const CommentsAnswerSchema = z.object({
  data: z.object({
    issue: z.nullable(
      z.object({
        comments: z.object({
          nodes: z.array(z.looseObject({ body: z.nullish(z.string()), createdAt: z.nullish(z.string()) })),
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.nullish(z.string()) }),
        }),
      }),
    ),
  }),
});

/** The comment Flagtab posted, as listed or as created: its id and its link. */
export const CommentSchema = z.object({ id: z.string().check(z.minLength(1)), url: webUrl() });

export const FileUploadAnswerSchema = z.object({
  data: z.object({
    fileUpload: z.object({
      success: z.boolean(),
      uploadFile: z.nullish(
        z.object({
          uploadUrl: webUrl(),
          /** Where the file will be served from (uploads.linear.app): what the comment embeds. */
          assetUrl: webUrl(),
          /** Extra headers the PUT must carry, or the signature does not match. */
          headers: z._default(z.array(z.object({ key: z.string().check(z.minLength(1)), value: z.string() })), []),
        }),
      ),
    }),
  }),
});

/**
 * Deletes one comment (a second copy of Flagtab's): `commentDelete(id:)` answers a
 * DeletePayload { success, entityId, lastSyncId }. https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference/objects/Mutation
 */
export const COMMENT_DELETE_MUTATION = 'mutation FlagtabCommentDelete($id: String!) { commentDelete(id: $id) { success entityId } }';
export const CommentDeleteAnswerSchema = z.object({
  data: z.object({ commentDelete: z.object({ success: z.boolean(), entityId: z.nullish(z.string()) }) }),
});

export const CommentCreateAnswerSchema = z.object({
  data: z.object({ commentCreate: z.object({ success: z.boolean(), comment: z.nullish(CommentSchema) }) }),
});

/**
 * Linear's error answer (HTTP 200 or 400, sometimes 401/429): `errors[]`, each with a message
 * and `extensions` saying what kind of error it is — `type` ("authentication error",
 * "forbidden", "ratelimited", "invalid input", …, as @linear/sdk reads it) and `code`
 * ("AUTHENTICATION_ERROR", "FORBIDDEN", "RATELIMITED", "INPUT_ERROR", …) — and words for people
 * in `userPresentableMessage`.
 */
export const GraphQLErrorsSchema = z.object({
  errors: z
    .array(
      z.looseObject({
        message: z.optional(z.string()),
        extensions: z.optional(z.looseObject({ code: z.optional(z.string()), type: z.optional(z.string()), userPresentableMessage: z.optional(z.string()) })),
      }),
    )
    .check(z.minLength(1)),
});
export type GraphQLError = z.infer<typeof GraphQLErrorsSchema>['errors'][number];
