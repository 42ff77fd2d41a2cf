import type { SignOff } from './signoff';

export const TRACKER_IDS = ['jira-cloud', 'jira-dc', 'github', 'gitlab', 'linear', 'azure-devops'] as const;
export type TrackerId = (typeof TRACKER_IDS)[number];

/** A comment a tracker holds for a sign-off. */
export interface PostedComment {
  /** A link a person can open (the comment itself where the tracker has such links). */
  url: string;
  /** The tracker's id of the comment. */
  id: string;
  /** The uploaded screenshot's link, when the tracker took it. */
  screenshotUrl?: string;
}

/** A comment with the sign-off's marker, as listed, with its stored body to compare copies by. */
export interface FoundComment extends PostedComment {
  /** The body as stored (text, or canonical JSON for a document): copies of one request are equal. */
  body: string;
}

/** The comment as the outbox and the history keep it: without its body. */
export function postedOf(found: FoundComment): PostedComment {
  return { url: found.url, id: found.id, ...(found.screenshotUrl ? { screenshotUrl: found.screenshotUrl } : {}) };
}

/**
 * One issue tracker. Every comment `post` makes carries `signOffMarker(signOff.id)`, and
 * `findExisting` looks for exactly that marker among the ticket's comments: the outbox calls it
 * before every retry, which is what makes a sign-off land exactly once.
 */
export interface TicketTracker {
  id: TrackerId;
  label: string;
  /** False for GitHub: its REST API cannot upload images (the screenshot stays in the history). */
  uploadsScreenshots: boolean;
  /**
   * Which instance the comments go to (`trackerAddress`: the origin, and the organization and
   * project where the origin alone does not say), so the outbox can tell "another Jira Cloud"
   * from this one. Set for every configured tracker; a tracker without one is compared by kind.
   */
  address?: string;
  /** The comment already posted for this sign-off, if any (the oldest, when there are several). */
  findExisting(signOff: SignOff): Promise<PostedComment | undefined>;
  /**
   * Every comment on the ticket carrying this sign-off's marker, oldest first. More than one
   * when the browser re-sent a post by itself (see duplicates.ts).
   */
  findAll(signOff: SignOff): Promise<FoundComment[]>;
  /** Deletes one of those comments: a newer copy of the one kept. */
  remove(signOff: SignOff, comment: PostedComment): Promise<void>;
  /** Uploads the screenshot (where the tracker can), then posts the comment. */
  post(signOff: SignOff): Promise<PostedComment>;
  /**
   * Who the token signs in as, in words ("Jane Doe (jane@acme.com)"), for "Test connection";
   * throws a TrackerError that says what to fix.
   */
  verify(): Promise<string>;
}

/**
 * What went wrong, as something a person can act on. `retryable` failures are retried by the
 * outbox with backoff (or after `retryAfterMs` when the tracker said so); the others wait for
 * the person (fix the token, the ticket, the permission) and say what to do in `message`.
 */
export type TrackerErrorKind =
  | 'token-rejected' // 401: expired or revoked
  | 'forbidden' // 403: the account may not comment there
  | 'ticket-not-found' // 404
  | 'invalid' // 400/422: the tracker refused the content
  | 'rate-limited' // 429 (retryable)
  | 'unavailable' // 5xx (retryable)
  | 'network' // refused, reset, DNS, offline (retryable)
  | 'timeout' // (retryable)
  | 'needs-setup'; // Flagtab cannot reach the tracker yet: no tracker, no token, no host access

const RETRYABLE: ReadonlySet<TrackerErrorKind> = new Set(['rate-limited', 'unavailable', 'network', 'timeout']);

export class TrackerError extends Error {
  override name = 'TrackerError';
  readonly retryable: boolean;
  constructor(
    readonly kind: TrackerErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.retryable = RETRYABLE.has(kind);
  }
}
