import { z } from '../zod';
import type { FoundComment, PostedComment, TicketTracker } from './tracker';
import type { SignOff } from './signoff';

/**
 * What became of comments a sign-off left twice. The outbox checks for its marker before every
 * retry, but it cannot stop the browser's own retry: when a server stores a POST and then drops
 * a reused keep-alive connection without answering, Chromium sends the same POST again by itself
 * (https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_network_transaction.cc,
 * ShouldResendRequest), and the ticket gets two comments with one marker. So after each post,
 * and on each retry, the outbox lists the comments with the marker, keeps the oldest and
 * deletes the newer copies. Only exact copies (the same stored body): a person's reply that
 * quotes the marker is theirs, and stays.
 */
export const DuplicatesSchema = z.object({
  /** The tracker's id of the comment kept: the oldest with the marker. */
  kept: z.string(),
  /** Ids of the newer copies deleted. */
  removed: z.array(z.string()),
  /** Ids of newer copies still there (deleting failed), with why and what to do. */
  left: z.optional(z.array(z.string())),
  problem: z.optional(z.string()),
});
export type Duplicates = z.infer<typeof DuplicatesSchema>;

/** The comment to keep, and what was done about the others (absent when there were none). */
export interface Converged {
  comment: PostedComment;
  duplicates?: Duplicates;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The post stands, but whether the ticket holds a copy is not known: said with what to do. */
export function unchecked(signOff: SignOff, comment: PostedComment, error: unknown): Converged {
  const problem = `Flagtab could not check ${signOff.ticket} for a second copy of this comment (${messageOf(error)}); open the ticket and delete any newer comment with the same sign-off marker.`;
  return { comment, duplicates: { kept: comment.id, removed: [], problem } };
}

/**
 * Makes the ticket hold one comment for the sign-off: lists every comment with its marker
 * (`listed`, when the caller has just done so), keeps the oldest, deletes the newer ones.
 * `comment` is what the post (or findExisting) answered; it stands when the list is empty (a
 * tracker whose listing lags behind its writes). Never throws: the sign-off is posted either way,
 * and a failure is said in `problem` for the history to show.
 */
export async function convergeComments(
  tracker: TicketTracker,
  signOff: SignOff,
  comment: PostedComment,
  listed?: FoundComment[],
): Promise<Converged> {
  let all: FoundComment[];
  try {
    all = listed ?? (await tracker.findAll(signOff));
  } catch (error) {
    return unchecked(signOff, comment, error);
  }
  const [oldest, ...newer] = all;
  if (!oldest) return { comment };
  // The upload is shared by every copy (the re-sent request is the same request).
  const screenshotUrl = oldest.screenshotUrl ?? comment.screenshotUrl;
  const kept: PostedComment = { url: oldest.url, id: oldest.id, ...(screenshotUrl ? { screenshotUrl } : {}) };
  const copies = newer.filter((c) => c.body === oldest.body);
  if (copies.length === 0) return { comment: kept };
  const removed: string[] = [];
  const left: string[] = [];
  let problem: string | undefined;
  for (const copy of copies) {
    try {
      await tracker.remove(signOff, copy);
      removed.push(copy.id);
    } catch (error) {
      left.push(copy.id);
      problem ??= `Flagtab could not delete the second copy of this comment on ${signOff.ticket} (${messageOf(error)}): delete the newer comment with the same sign-off marker by hand.`;
    }
  }
  return { comment: kept, duplicates: { kept: kept.id, removed, ...(left.length ? { left, problem } : {}) } };
}
