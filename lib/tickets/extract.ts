import type { Flag } from '../flags/flag';
import { CUSTOM_PATTERN_SEARCHED_CHARS } from './pattern-safety';

/**
 * Names of standards, encodings and releases that look like Jira keys ("UTF-8", "ISO-8601",
 * "SHA-256", "RC-1"). A team whose Jira project really is called one of these sets the site's
 * ticket pattern.
 */
const NOT_PROJECTS = 'UTF|UCS|ISO|IEC|IEEE|ECMA|RFC|CVE|CWE|SHA|AES|RSA|HTTP|TLS|SSL|SOC|WCAG|COVID|GPT|RC|BETA|ALPHA';
/**
 * Jira-style keys: a project key of capitals and digits, a dash, a number ("SHOP-142"), also
 * inside a branch name ("feature/SHOP-142-checkout"), but not a part of a longer dashed number
 * ("CVE-2024-1234", "ABC-2026-01-03") or a version ("ABC-1.2").
 */
const JIRA_KEY = String.raw`\b(?!(?:${NOT_PROJECTS})-)[A-Z][A-Z0-9_]{1,9}-[1-9]\d{0,6}(?![\w]|[-.]\d)`;
/**
 * GitHub references: "owner/repo#12" or a bare "#12"; not a URL's fragment ("page#12", "a/b/c#12")
 * or an HTML entity ("&#39;"), and "#fff" is a colour, not an issue.
 */
const GITHUB_REF = String.raw`(?:(?<![\w./:-])[\w.-]+\/[\w.-]+|(?<![\w&/]))#[1-9]\d{0,6}\b`;
/** Issue URLs on GitHub and GitLab, turned into "owner/repo#12". */
const ISSUE_URL = /^https?:\/\/[^/]+\/([\w.-]+(?:\/[\w.-]+)*?)\/([\w.-]+)\/(?:-\/)?(?:issues|pull|merge_requests)\/(\d+)(?:[/?#]|$)/;

const DEFAULT_PATTERN = new RegExp(`${JIRA_KEY}|${GITHUB_REF}`, 'gu');

/** Text longer than this is searched only at its start: a 1 MB description is not a ticket list. */
const MAX_SEARCHED_CHARS = 20_000;
const MAX_TICKETS_PER_FLAG = 20;

/** Compiles a site's ticket pattern, or the default when it has none. */
export function ticketMatcher(pattern?: string): RegExp {
  return pattern ? new RegExp(pattern, 'gu') : DEFAULT_PATTERN;
}

/**
 * The ticket keys a flag mentions: in its tags, links, metadata, name and description, in
 * that order (tags and links are deliberate; a description may mention tickets in passing).
 *
 * @example ticketsOf({ ...flag, tags: ['SHOP-142'], description: 'see acme/shop#7' }) // ['SHOP-142', 'acme/shop#7']
 */
export function ticketsOf(flag: Pick<Flag, 'tags' | 'links' | 'metadata' | 'name' | 'description'>, matcher: RegExp = DEFAULT_PATTERN): string[] {
  const found = new Set<string>();
  // A site's own pattern is checked when saved (pattern-safety.ts); its input is kept short too,
  // so a pattern that slipped through costs milliseconds per text, not minutes.
  const limit = matcher === DEFAULT_PATTERN ? MAX_SEARCHED_CHARS : CUSTOM_PATTERN_SEARCHED_CHARS;
  const search = (text: string) => {
    for (const match of text.slice(0, limit).matchAll(matcher)) {
      const key = match[0];
      // A bare "#12" in text is a ticket only when there is nothing better; keep it anyway.
      if (key) found.add(key);
      if (found.size >= MAX_TICKETS_PER_FLAG) return;
    }
  };
  flag.tags.forEach(search);
  for (const link of flag.links ?? []) {
    const issue = ISSUE_URL.exec(link.url.slice(0, MAX_SEARCHED_CHARS));
    if (issue && matcher === DEFAULT_PATTERN) found.add(`${issue[1]}/${issue[2]}#${issue[3]}`);
    else search(link.url);
    if (link.title) search(link.title);
  }
  for (const value of Object.values(flag.metadata ?? {})) if (typeof value === 'string') search(value);
  if (flag.name) search(flag.name);
  if (flag.description) search(flag.description);
  return [...found].slice(0, MAX_TICKETS_PER_FLAG);
}
