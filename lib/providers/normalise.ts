import { FlagSchema, type Flag, type FlagInput } from '../flags/flag';
import { ticketMatcher, ticketsOf } from '../tickets/extract';

/** Limits that keep one hostile or careless flag from filling storage or freezing the popup. */
export const LIMITS = {
  keyChars: 256,
  nameChars: 300,
  descriptionChars: 4_000,
  tagChars: 100,
  tags: 50,
  links: 20,
  variants: 100,
  flags: 20_000,
};

/**
 * The last step of every provider: checks each adapter-built flag against the Flag schema,
 * trims oversize text (with a warning), drops duplicate keys, and finds ticket keys with the
 * site's pattern. One bad flag is skipped with a warning; it never hides the rest.
 */
export function finishFlags(inputs: FlagInput[], options: { ticketPattern?: string | undefined } = {}): { flags: Flag[]; warnings: string[] } {
  const matcher = ticketMatcher(options.ticketPattern);
  const warnings: string[] = [];
  const flags: Flag[] = [];
  const seen = new Set<string>();
  if (inputs.length > LIMITS.flags) {
    warnings.push(`The provider listed ${inputs.length} flags; Flagtab shows the first ${LIMITS.flags}.`);
  }
  for (const input of inputs.slice(0, LIMITS.flags)) {
    const label = JSON.stringify(String(input.key).slice(0, 80));
    if (typeof input.key !== 'string' || input.key.length === 0) {
      warnings.push('Skipped a flag with no key.');
      continue;
    }
    if (input.key.length > LIMITS.keyChars) {
      warnings.push(`Skipped flag ${label}…: its key is longer than ${LIMITS.keyChars} characters.`);
      continue;
    }
    if (seen.has(input.key)) {
      warnings.push(`Skipped a second flag with key ${label}.`);
      continue;
    }
    const trimmed = trim(input, label, warnings);
    const parsed = FlagSchema.safeParse(trimmed);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push(`Skipped flag ${label}: ${issue?.path.join('.') || 'flag'} ${issue?.message ?? 'is malformed'}.`);
      continue;
    }
    seen.add(input.key);
    const flag = parsed.data;
    flag.tickets = [...new Set([...flag.tickets, ...ticketsOf(flag, matcher)])];
    flags.push(flag);
  }
  return { flags, warnings };
}

function trim(input: FlagInput, label: string, warnings: string[]): FlagInput {
  const out = { ...input };
  if (typeof out.description === 'string' && out.description.length > LIMITS.descriptionChars) {
    warnings.push(`Shortened the description of ${label} (${out.description.length} characters).`);
    out.description = `${out.description.slice(0, LIMITS.descriptionChars)}…`;
  }
  if (typeof out.name === 'string' && out.name.length > LIMITS.nameChars) out.name = `${out.name.slice(0, LIMITS.nameChars)}…`;
  if (Array.isArray(out.tags)) out.tags = out.tags.slice(0, LIMITS.tags).map((t) => (typeof t === 'string' ? t.slice(0, LIMITS.tagChars) : t));
  if (Array.isArray(out.links)) out.links = out.links.slice(0, LIMITS.links);
  if (Array.isArray(out.variants) && out.variants.length > LIMITS.variants) {
    warnings.push(`Kept the first ${LIMITS.variants} of ${out.variants.length} variants of ${label}.`);
    out.variants = out.variants.slice(0, LIMITS.variants);
  }
  return out;
}
