import { TrackerError } from '../../signoff/tracker';

/**
 * "owner/repo#123" → its parts; anything else is refused before a request is made.
 * Owner: letters, digits and single hyphens; repository: letters, digits, ".", "-", "_" (but not
 * "." or "..", which a URL would read as a path step).
 * @example parseGitHubTicket('acme/shop#12') // { owner: 'acme', repo: 'shop', number: 12 }
 */
export function parseGitHubTicket(ticket: string): { owner: string; repo: string; number: number } {
  const match = /^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([\w.-]{1,100})#([1-9]\d{0,9})$/.exec(ticket.trim());
  if (!match || /^\.+$/.test(match[2]!)) {
    throw new TrackerError('ticket-not-found', `"${ticket.slice(0, 100)}" is not a GitHub issue; write it as owner/repo#123.`);
  }
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}
