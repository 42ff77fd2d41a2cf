/**
 * A site's ticket pattern runs on text the flag provider chose (tags, descriptions), in the
 * background, with JavaScript's backtracking regex engine: a pattern such as `(a|aa)+b` takes
 * time exponential in the length of a text that almost matches (208 ms at 32 characters, and
 * doubling with every few more). Such patterns are refused when a site is saved or imported;
 * see https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
 */

/** Characters of one text a site's own pattern is run on; the rest of the text is not searched. */
export const CUSTOM_PATTERN_SEARCHED_CHARS = 2_000;

/** How long the trial run may take on its hard inputs before the pattern is refused. */
const TRIAL_BUDGET_MS = 20;

export type PatternCheck = { ok: true } | { ok: false; error: string };

const ADVICE = 'write each part once, e.g. "SHOP-\\d+" or "(SHOP|PAY)-\\d+", without a repeated group that itself repeats or has overlapping alternatives';

/**
 * Whether `source` is safe to run on provider text: compiles with the `u` flag, has no
 * quantified group containing a quantifier or an alternation (the shapes that backtrack
 * exponentially: `(a+)+`, `(a|aa)*`, `(\w+\s?)*`), and passes a short trial run on hard inputs.
 *
 * @example checkTicketPattern('(SHOP|PAY)-\\d+') // { ok: true }
 * @example checkTicketPattern('(a|aa)+b') // { ok: false, error: 'repeats a group that …' }
 */
export function checkTicketPattern(source: string): PatternCheck {
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'u');
  } catch (error) {
    return { ok: false, error: `is not a regular expression (${(error as Error).message}); ${ADVICE}` };
  }
  const nested = nestedQuantifier(source);
  if (nested) return { ok: false, error: `repeats a group that repeats or branches inside ("${nested}"), which can take minutes on some flag text; ${ADVICE}` };
  // Near-miss texts of doubling length, up to what a match call is given: a pattern whose time
  // grows faster than the text is caught at the first length that takes too long, so the check
  // itself costs at most a few times TRIAL_BUDGET_MS.
  for (const unit of trialUnits(source)) {
    for (let length = 16; length <= CUSTOM_PATTERN_SEARCHED_CHARS * 2; length *= 2) {
      const input = `${unit.repeat(Math.ceil(length / unit.length))}!`;
      const started = performance.now();
      for (const _ of input.matchAll(new RegExp(regex.source, 'gu'))) { /* every match, as ticketsOf runs it */ }
      if (performance.now() - started > TRIAL_BUDGET_MS) {
        return { ok: false, error: `takes too long on some text (over ${TRIAL_BUDGET_MS} ms on ${input.length} characters, and longer on longer ones); ${ADVICE}` };
      }
    }
  }
  return { ok: true };
}

interface Group {
  start: number;
  /** The group contains a quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1) or a `|`. */
  risky: boolean;
}

/** The first quantified group whose body repeats or branches, as it is written; undefined if none. */
function nestedQuantifier(source: string): string | undefined {
  const stack: Group[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ start: i, risky: false });
    else if (c === '|' && stack.length > 0) stack[stack.length - 1]!.risky = true;
    else if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      const repeated = repeatsAt(source, i + 1);
      if (group.risky && repeated) return source.slice(group.start, i + 1 + repeated);
      // A repeated group makes its enclosing group risky; so does a risky one.
      if ((group.risky || repeated) && stack.length > 0) stack[stack.length - 1]!.risky = true;
    } else if (stack.length > 0 && repeatsAt(source, i)) stack[stack.length - 1]!.risky = true;
  }
  return undefined;
}

/** Length of an unbounded-ish quantifier starting at `i` (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0. */
function repeatsAt(source: string, i: number): number {
  const c = source[i];
  if (c === '*' || c === '+') return 1;
  if (c !== '{') return 0;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!m) return 0;
  const upper = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return upper > 1 ? m[0].length : 0;
}

/** What near-miss texts repeat: the pattern's own characters, each of them alone, digits, letters, spaces. */
function trialUnits(source: string): string[] {
  const letters = [...new Set(source.replace(/\\[dDwWsSbB]|[\\^$.*+?()[\]{}|]/g, ''))].join('') || 'a';
  return [...new Set([letters, letters[0]!, '1', 'a', 'a1', ' '])];
}
