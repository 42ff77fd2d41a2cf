import { TrackerError } from '../../signoff/tracker';

/**
 * "group/sub/project#7" → the project's full path and the iid; anything else is refused
 * before a request is made. Each path step: letters, digits, "_", "-", "." (not "." or "..").
 * @example parseGitLabTicket('acme/web/shop#7') // { path: 'acme/web/shop', iid: 7 }
 */
export function parseGitLabTicket(ticket: string): { path: string; iid: number } {
  const match = /^([\w.-]+(?:\/[\w.-]+)+)#([1-9]\d{0,9})$/.exec(ticket.trim());
  if (!match || match[1]!.split('/').some((step) => /^\.+$/.test(step))) {
    throw new TrackerError('ticket-not-found', `"${ticket.slice(0, 100)}" is not a GitLab issue; write it as group/project#7.`);
  }
  return { path: match[1]!, iid: Number(match[2]) };
}
