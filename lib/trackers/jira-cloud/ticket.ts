import { TrackerError } from '../../signoff/tracker';

/** Jira issue keys, shared by Jira Cloud and Data Center (zod-free: meta.ts reads them). */

const KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;

/**
 * The ticket as a Jira issue key, capitalised as Jira writes it; anything else is refused
 * before a request is made.
 *
 * @example issueKey('shop-142', 'Jira Cloud') === 'SHOP-142'
 */
export function issueKey(ticket: string, label: string): string {
  const key = ticket.trim().toUpperCase();
  if (KEY.test(key)) return key;
  const shown = ticket.length > 60 ? `${ticket.slice(0, 60)}…` : ticket;
  throw new TrackerError('invalid', `"${shown}" is not a ${label} issue key: a key is the project key, a dash and the issue number, like SHOP-142. Change the ticket and send again.`);
}

/**
 * A Jira ticket from what a person typed: a key in any case, or an issue's web address
 * (.../browse/SHOP-142 or ...?selectedIssue=SHOP-142).
 *
 * @example jiraTicket('https://acme.atlassian.net/browse/shop-142', 'Jira Cloud') // 'SHOP-142'
 */
export function jiraTicket(text: string, label: string): string {
  const key = /(?:^|\/browse\/|selectedIssue=)([A-Za-z][A-Za-z0-9_]*-[1-9]\d*)(?:$|[/?#&])/.exec(text)?.[1] ?? text;
  return issueKey(key, label);
}
