import { makeFlag, type Flag, type Variant } from '../../flags/flag';
import type { PostHogFlag } from './api-schema';
import { timeOf } from '../values';

/** What a boolean flag can be, named as the other adapters name it. */
const ON_OFF: Variant[] = [
  { name: 'on', value: true },
  { name: 'off', value: false },
];
/** A flag on for everyone and unchanged this long looks finished. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

interface Where {
  baseUrl: string;
  project: string;
  now: number;
}

/**
 * Turns one PostHog flag into Flagtab's shape. PostHog has no environments per flag (the
 * project is the environment), so `environments` stays empty rather than invented.
 *
 * @example toFlag(item, { baseUrl: 'https://eu.posthog.com', project: '42', now: Date.now() })
 */
export function toFlag(flag: PostHogFlag, where: Where): Flag {
  const variants = flag.filters?.multivariate?.variants ?? [];
  const groups = flag.filters?.groups ?? [];
  // A condition with no property filters at 100 % is everyone; null rollout means 100 %.
  const everyone = groups.find((g) => (g.properties ?? []).length === 0 && (g.rollout_percentage ?? 100) >= 100);
  const createdAt = timeOf(flag.created_at);
  const updatedAt = timeOf(flag.updated_at);
  const base = {
    key: flag.key,
    description: flag.name?.trim() || undefined,
    enabled: flag.active,
    tags: (flag.tags ?? []).filter((t): t is string => typeof t === 'string'),
    links: typeof flag.id === 'number' ? [{ url: `${where.baseUrl}/project/${encodeURIComponent(where.project)}/feature_flags/${flag.id}`, title: 'Open in PostHog' }] : [],
    createdAt,
    updatedAt,
  };
  if (variants.length > 0) {
    // An off or unmatched multivariate flag gives the app `false`, not a variant; a string
    // control cannot show that, so offValue is left out.
    // Everyone gets one variant when the all-users condition forces it or one variant has 100 %.
    const whole = everyone?.variant ?? variants.find((v) => (v.rollout_percentage ?? 0) >= 100)?.key;
    return makeFlag({
      ...base,
      type: 'string',
      variants: variants.map((v) => ({ name: v.name?.trim() || v.key, value: v.key })),
      defaultValue: flag.active && everyone ? whole : undefined,
    });
  }
  return makeFlag({
    ...base,
    type: 'boolean',
    variants: ON_OFF,
    // Only an all-users condition makes "on" the value everyone gets; otherwise it depends on the user.
    defaultValue: !flag.active ? false : everyone ? true : undefined,
    offValue: false,
    stale: flag.active && everyone ? staleHint(updatedAt, createdAt, where.now) : undefined,
  });
}

/** Said only when PostHog's dates show the flag has stayed that way for 30 days or more. */
function staleHint(updatedAt: number | undefined, createdAt: number | undefined, now: number): string | undefined {
  const since = updatedAt ?? createdAt;
  if (since === undefined || now - since < STALE_AFTER_MS) return undefined;
  const day = new Date(since).toISOString().slice(0, 10);
  return updatedAt !== undefined
    ? `On for everyone in this project (100 %, no conditions), unchanged since ${day}.`
    : `On for everyone in this project (100 %, no conditions); created ${day}.`;
}

