/**
 * Errors that cross the message port keep their shape: what kind of refusal it was, the words
 * to show, and for a message that did not match its schema, the field it is about and every
 * problem found. A thrown Error would arrive as its message alone, and pages would have to read
 * field names out of text.
 */

export type ReplyErrorKind =
  /** The sender is not one of Flagtab's own pages. */
  | 'refused'
  /** No such message type. */
  | 'unknown-type'
  /** The data does not match the message's schema. */
  | 'invalid'
  /** The handler ran and failed; its message says what to do. */
  | 'failed';

export interface ReplyIssue {
  /** Where in the message's data, e.g. ['notes'] or ['site', 'hosts', 0]. */
  path: (string | number)[];
  message: string;
}

export interface ReplyError {
  kind: ReplyErrorKind;
  /** Words for a person, as before: the reason and what to do. */
  message: string;
  /** For 'invalid': the top-level field of the message's data the first problem is about. */
  field?: string;
  /** For 'invalid': every problem found. */
  issues?: ReplyIssue[];
}

/** What an extension page's request throws when the background refused or failed it. */
export class BackgroundError extends Error {
  override name = 'BackgroundError';
  readonly kind: ReplyErrorKind;
  readonly field?: string;
  readonly issues?: ReplyIssue[];

  constructor(error: ReplyError) {
    super(error.message);
    this.kind = error.kind;
    if (error.field !== undefined) this.field = error.field;
    if (error.issues) this.issues = error.issues;
  }
}

/** The top-level field a background refusal is about, when it is one of `fields`. */
export function refusedField<F extends string>(error: unknown, fields: readonly F[]): F | undefined {
  if (!(error instanceof BackgroundError) || error.field === undefined) return undefined;
  return fields.find((f) => f === error.field);
}
