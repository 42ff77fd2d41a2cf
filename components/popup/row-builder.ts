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
 * The popup's rows from its state: one per catalogue flag, then overrides whose flag left the
 * catalogue (first) and flags only the page mentions (last). Remembers the last build: when only
 * overrides changed (a click), only the rows of the flags they concern are made again and every
 * other row keeps its identity, so a click over 10,000 flags costs a handful of rows, and the
 * list can skip redrawing rows that did not change.
 */
export function createRowBuilder() {
  let last: { inputs: Inputs; catalogueRows: FlagRowData[]; catalogueKeys: ReadonlySet<string> } | undefined;

  return function build(s: PopupState, seen: TabDetections | undefined): FlagRowData[] {
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
    let catalogueRows: FlagRowData[];
    const catalogueKeys = last && last.inputs.flags === inputs.flags ? last.catalogueKeys : new Set(inputs.flags.map((flag) => flag.key));
    if (reusable) {
      const changed = changedOverrides(last!.inputs, inputs);
      catalogueRows = changed.size === 0 ? last!.catalogueRows
        : last!.catalogueRows.map((row) => (changed.has(row.flag.key) ? rowOf(row.flag) : row));
    } else {
      catalogueRows = inputs.flags.map(rowOf);
    }
    last = { inputs, catalogueRows, catalogueKeys };

    const known = new Set<string>();
    const gone: FlagRowData[] = [];
    for (const [key, value] of Object.entries(inputs.overrides)) {
      if (catalogueKeys.has(key) || known.has(key)) continue;
      known.add(key);
      gone.push({ flag: bareFlag(key, value), overridden: true, override: value, inCatalogue: false, page: pageOf(key, true) });
    }
    // Flags the page uses that the catalogue does not list: worth seeing, and overridable.
    const pageOnly: FlagRowData[] = [];
    for (const key of Object.keys(seen?.flags ?? {})) {
      if (catalogueKeys.has(key) || known.has(key)) continue;
      const page = pageOf(key, false);
      pageOnly.push({ flag: bareFlag(key, page.reported?.value), overridden: false, inCatalogue: false, page });
    }
    return gone.length === 0 && pageOnly.length === 0 ? catalogueRows : [...gone.reverse(), ...catalogueRows, ...pageOnly];
  };
}
