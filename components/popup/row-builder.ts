import type { Flag } from '../../lib/flags/flag';
import { flagTypeOf } from '../../lib/flags/flag-type';
import type { JsonValue } from '../../lib/json';
import type { PopupState } from '../../lib/messaging/protocol';
import type { TabDetections } from '../../lib/detect/observation';
import { pageFlagState, type PageFlagState } from '../../lib/detect/verdict';
import type { FlagRowData } from './popup-model';

const bareFlag = (key: string, value: JsonValue | undefined): Flag => ({ key, type: flagTypeOf(value), variants: [], tags: [], tickets: [], links: [] });

/** What most of 10,000 rows say about the page: nothing. One shared object instead of 10,000 equal ones. */
const NOTHING_SEEN: PageFlagState = Object.freeze({ readings: Object.freeze([]) as unknown as [], verdict: 'none', mismatches: Object.freeze([]) as unknown as [] });

/** Everything a catalogue row is made of except its flag; a row is rebuilt only when one of these changed. */
interface Inputs {
  flags: readonly Flag[];
  seen: TabDetections | undefined;
  watching: boolean;
  overrides: Readonly<Record<string, JsonValue>>;
  setAt: Readonly<Record<string, number>> | undefined;
}

const sameJson = (a: JsonValue | undefined, b: JsonValue | undefined) => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** The keys whose override (value, presence or time) differs between two answers. */
function changedOverrides(before: Inputs, after: Inputs): Set<string> {
  const changed = new Set<string>();
  const check = (key: string) => {
    const was = Object.hasOwn(before.overrides, key);
    const is = Object.hasOwn(after.overrides, key);
    if (was !== is || (is && !sameJson(before.overrides[key], after.overrides[key]))
      || (is && before.setAt?.[key] !== after.setAt?.[key])) changed.add(key);
  };
  for (const key of Object.keys(before.overrides)) check(key);
  for (const key of Object.keys(after.overrides)) if (!Object.hasOwn(before.overrides, key)) check(key);
  return changed;
}

/**
 * Which rows of a build differ from the build before it, when the two line up row for row (same
 * length, same order) and only these positions hold new rows: a click. What is derived from
 * every row (the page summary, the grouped list) is then updated from these rows alone.
 */
export interface RowChange {
  before: readonly FlagRowData[];
  changed: readonly number[];
}

/** Where each catalogue flag's row is, by key; a key the catalogue lists twice (it happens) has every place. */
interface Positions {
  first: Map<string, number>;
  repeats: Map<string, number[]>;
}

function positionsOf(flags: readonly Flag[]): Positions {
  const first = new Map<string, number>();
  const repeats = new Map<string, number[]>();
  flags.forEach((flag, i) => {
    const at = first.get(flag.key);
    if (at === undefined) first.set(flag.key, i);
    else repeats.set(flag.key, [...(repeats.get(flag.key) ?? [at]), i]);
  });
  return { first, repeats };
}

const placesOf = (positions: Positions, key: string): readonly number[] => {
  const at = positions.first.get(key);
  return at === undefined ? [] : positions.repeats.get(key) ?? [at];
};

/**
 * The popup's rows from its state: one per catalogue flag, then overrides whose flag left the
 * catalogue (first) and flags only the page mentions (last). Remembers the last build: when only
 * overrides changed (a click), only the rows of the flags they concern are made again, found by
 * key, and every other row keeps its identity, so a click over 10,000 flags costs a handful of
 * rows, and the list can skip redrawing rows that did not change. `changeOf(rows)` says which
 * positions a build changed, for what is derived from the rows (the page summary, the groups).
 */
export function createRowBuilder() {
  let last: { inputs: Inputs; catalogueRows: FlagRowData[]; positions: Positions; rows: FlagRowData[]; gone: FlagRowData[]; pageOnly: FlagRowData[] } | undefined;
  let lastChange: RowChange | undefined;

  function build(s: PopupState, seen: TabDetections | undefined): FlagRowData[] {
    if (!s.catalogue) return [];
    const inputs: Inputs = {
      flags: s.catalogue.flags, seen, overrides: s.overrides, setAt: s.overrideSetAt,
      // With every detection source off there is nothing to compare an override with: say nothing.
      watching: Boolean(s.page && (s.page.markers || s.page.sdks || s.page.echoHeader)),
    };
    const pageOf = (key: string, overridden: boolean): PageFlagState => {
      if (!overridden && !(seen?.flags && Object.hasOwn(seen.flags, key))) return NOTHING_SEEN;
      return pageFlagState(seen, key, overridden && inputs.watching ? { value: inputs.overrides[key]!, setAt: inputs.setAt?.[key] } : undefined);
    };
    const rowOf = (flag: Flag): FlagRowData => {
      const overridden = Object.hasOwn(inputs.overrides, flag.key);
      return { flag, overridden, override: overridden ? inputs.overrides[flag.key] : undefined, inCatalogue: true, page: pageOf(flag.key, overridden) };
    };

    const reusable = last && last.inputs.flags === inputs.flags && last.inputs.seen === seen && last.inputs.watching === inputs.watching;
    const positions = last && last.inputs.flags === inputs.flags ? last.positions : positionsOf(inputs.flags);
    let catalogueRows: FlagRowData[];
    /** Catalogue positions rebuilt; undefined when every row was. */
    let rebuilt: number[] | undefined;
    /** The keys whose rows are made again; the others keep last build's rows (when reusable). */
    const changedKeys = reusable ? changedOverrides(last!.inputs, inputs) : undefined;
    if (reusable) {
      rebuilt = [];
      catalogueRows = last!.catalogueRows;
      for (const key of changedKeys!) {
        for (const i of placesOf(positions, key)) {
          if (catalogueRows === last!.catalogueRows) catalogueRows = catalogueRows.slice();
          catalogueRows[i] = rowOf(inputs.flags[i]!);
          rebuilt.push(i);
        }
      }
    } else {
      catalogueRows = inputs.flags.map(rowOf);
    }

    // Rows outside the catalogue whose key no change concerns are last build's, found by key.
    const kept = new Map<string, FlagRowData>();
    if (changedKeys) for (const row of [...last!.gone, ...last!.pageOnly]) if (!changedKeys.has(row.flag.key)) kept.set(row.flag.key, row);
    const known = new Set<string>();
    const gone: FlagRowData[] = [];
    for (const [key, value] of Object.entries(inputs.overrides)) {
      if (positions.first.has(key) || known.has(key)) continue;
      known.add(key);
      gone.push(kept.get(key) ?? { flag: bareFlag(key, value), overridden: true, override: value, inCatalogue: false, page: pageOf(key, true) });
    }
    // Flags the page uses that the catalogue does not list: worth seeing, and overridable.
    const pageOnly: FlagRowData[] = [];
    for (const key of Object.keys(seen?.flags ?? {})) {
      if (positions.first.has(key) || known.has(key)) continue;
      const page = pageOf(key, false);
      pageOnly.push(kept.get(key) ?? { flag: bareFlag(key, page.reported?.value), overridden: false, inCatalogue: false, page });
    }
    const rows = gone.length + pageOnly.length === 0 ? catalogueRows : [...gone.reverse(), ...catalogueRows, ...pageOnly];
    // Positions line up when as many rows come before and after the catalogue's as last time.
    const linedUp = rebuilt && last!.gone.length === gone.length && last!.pageOnly.length === pageOnly.length;
    const differs = (row: FlagRowData, i: number, before: readonly FlagRowData[]) => row !== before[i];
    lastChange = linedUp && rows !== last!.rows ? {
      before: last!.rows,
      changed: [
        ...gone.flatMap((row, i) => (differs(row, i, last!.gone) ? [i] : [])),
        ...rebuilt!.map((i) => i + gone.length),
        ...pageOnly.flatMap((row, i) => (differs(row, i, last!.pageOnly) ? [gone.length + catalogueRows.length + i] : [])),
      ],
    } : undefined;
    last = { inputs, catalogueRows, positions, rows, gone, pageOnly };
    return rows;
  }

  return Object.assign(build, {
    /** The positions `rows` changed from the build before it, when `rows` is the latest build and they line up. */
    changeOf: (rows: readonly FlagRowData[]): RowChange | undefined => (last?.rows === rows ? lastChange : undefined),
  });
}
