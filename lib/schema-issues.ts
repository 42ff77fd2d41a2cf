import type { z } from './zod';

/** A path into a JSON document, as zod reports it. */
export type IssuePath = readonly PropertyKey[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Writes a path the way a person reads it in a JSON file.
 *
 * @example formatIssuePath(['sites', 0, 'hosts', 1]) // 'sites[0].hosts[1]'
 * @example formatIssuePath(['flags', 'hero-banner']) // 'flags["hero-banner"]'
 */
export function formatIssuePath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** "path: message", or just the message for a problem with the whole document. */
export function formatIssue(issue: { path: IssuePath; message: string }): string {
  const where = formatIssuePath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * One line for a failed parse: the first problem, and how many more there are, so the user
 * fixes them one at a time without a wall of text.
 *
 * @example describeIssues(result.error.issues) // 'sites[0].name: must not be empty (and 2 more problems)'
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const [first, ...rest] = issues;
  if (!first) return 'the document is not valid';
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return formatIssue(first) + more;
}
