/**
 * Synthetic flag catalogues in flagd's flag-definition format
 * (https://flagd.dev/reference/flag-definitions/), deterministic so every run loads the same
 * file. The mix mirrors a grown-up product: mostly on/off switches, then A/B string variants,
 * numeric limits and JSON settings, each with a description the popup shows and searches.
 * Flag 0 also names its story's ticket in its metadata, as a flagd file can ("ticket"): the
 * side-panel benchmark overrides it so the sign-off form suggests that ticket.
 */

type Value = boolean | string | number | Record<string, unknown>;

export interface FlagdFlag {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, Value>;
  defaultVariant: string;
  metadata: { description: string; ticket?: string };
}

export interface FlagdFile {
  $schema: string;
  flags: Record<string, FlagdFlag>;
}

const AREAS = ['checkout', 'search', 'catalog', 'account', 'payments', 'shipping', 'promo', 'cart', 'reviews', 'onboarding'];
const THINGS = ['banner', 'layout', 'limit', 'widget', 'flow', 'badge', 'copy', 'timeout', 'theme', 'ranking'];

/** The four kinds cycle in a 10-flag pattern: 4 boolean, 3 string, 2 number, 1 JSON. */
const KINDS = ['boolean', 'string', 'boolean', 'number', 'boolean', 'string', 'json', 'boolean', 'string', 'number'] as const;

/** The ticket flag 0 names: an issue the bench's fake Jira has. */
export const FLAG_TICKET = 'SHOP-142';

function flagAt(i: number): [string, FlagdFlag] {
  const area = AREAS[i % AREAS.length]!;
  const thing = THINGS[Math.floor(i / AREAS.length) % THINGS.length]!;
  const kind = KINDS[i % KINDS.length]!;
  const key = `${area}-${thing}-${String(i).padStart(4, '0')}`;
  const description = `${kind === 'boolean' ? 'Turns on' : 'Chooses'} the ${thing} of the ${area} pages (experiment ${i}, owned by team ${area}).`;
  const base = { state: (i % 17 === 5 ? 'DISABLED' : 'ENABLED') as FlagdFlag['state'], metadata: { description, ...(i === 0 ? { ticket: FLAG_TICKET } : {}) } };
  switch (kind) {
    case 'boolean':
      return [key, { ...base, variants: { on: true, off: false }, defaultVariant: i % 3 === 0 ? 'on' : 'off' }];
    case 'string':
      return [key, { ...base, variants: { control: 'control', a: `${thing}-a`, b: `${thing}-b`, c: `${thing}-c` }, defaultVariant: 'control' }];
    case 'number':
      return [key, { ...base, variants: { low: 3, medium: 10, high: 50 }, defaultVariant: 'medium' }];
    case 'json':
      return [key, {
        ...base,
        variants: {
          blue: { accent: 'blue', rounded: false, columns: 3 },
          green: { accent: 'green', rounded: true, columns: 4 },
          dense: { accent: 'grey', rounded: false, columns: 6, labels: ['new', 'sale'] },
        },
        defaultVariant: 'blue',
      }];
  }
}

/**
 * A flagd file with `count` flags. Flag 0 is a boolean, so the popup's first control is a switch.
 *
 * @example Object.keys(flagdFileWith(3).flags) // ['checkout-banner-0000', 'search-banner-0001', 'catalog-banner-0002']
 */
export function flagdFileWith(count: number): FlagdFile {
  return { $schema: 'https://flagd.dev/schema/v0/flags.json', flags: Object.fromEntries(Array.from({ length: count }, (_, i) => flagAt(i))) };
}

/** The key of the first boolean flag, the one the click benchmark toggles. */
export function firstBooleanKey(file: FlagdFile): string {
  const entry = Object.entries(file.flags).find(([, f]) => typeof Object.values(f.variants)[0] === 'boolean');
  if (!entry) throw new Error('the generated catalogue has no boolean flag; flagAt() must produce some');
  return entry[0];
}

/** The key of the flag that names FLAG_TICKET, the one the side-panel benchmark overrides. */
export function ticketedKey(file: FlagdFile): string {
  const entry = Object.entries(file.flags).find(([, f]) => f.metadata.ticket === FLAG_TICKET);
  if (!entry) throw new Error(`the generated catalogue has no flag with ticket ${FLAG_TICKET}; flagAt() must give flag 0 one`);
  return entry[0];
}
