/**
 * What the automation tools (the Playwright fixture and the `flagtab` command) throw for input a
 * person must fix: an unknown site or flag, a bad value, a missing key. The command exits 2 on
 * it; the fixture fails the test with its message. Anything else is a bug or the network.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The nearest few of `known` to `wanted`, for "did you mean" lines: shared prefix first, then
 * containment, then the rest in their order.
 *
 * @example nearest('new-chekout', ['hero-banner', 'new-checkout']) // ['new-checkout']
 */
export function nearest(wanted: string, known: readonly string[], count = 3): string[] {
  const lower = wanted.toLowerCase();
  const score = (name: string) => {
    const n = name.toLowerCase();
    let prefix = 0;
    while (prefix < n.length && prefix < lower.length && n[prefix] === lower[prefix]) prefix++;
    return prefix * 2 + (n.includes(lower) || lower.includes(n) ? 5 : 0);
  };
  const ranked = [...known].map((name, index) => ({ name, index, score: score(name) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  // Only names nearly as close as the closest: a clear match is not buried under noise.
  const best = ranked[0]?.score ?? 0;
  return ranked.filter((entry, i) => i === 0 || entry.score >= best * 0.6).slice(0, count).map((entry) => entry.name);
}
