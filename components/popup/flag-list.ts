import type { Flag } from '../../lib/flags/flag';
import type { FlagRowData } from './popup-model';
import type { RowChange } from './row-builder';

/** An entry of the popup's flag list: a group heading or a flag. */
export type ListItem =
  | { kind: 'heading'; label: string; count: number }
  | { kind: 'flag'; row: FlagRowData };

/** Flags with this many variants or fewer, with short enough labels, get chips; the others a select. */
export const MAX_CHIPS = 4;
const MAX_CHIP_TEXT = 44;

/** "b — Bold" when a variant's value says more than its name; just "b" when they agree. */
export function variantLabel(variant: { name: string; value: unknown }): string {
  const value = typeof variant.value === 'string' ? variant.value : JSON.stringify(variant.value);
  return value === variant.name ? variant.name : `${variant.name} — ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`;
}

const chipFlags = new WeakMap<Flag, boolean>();

/**
 * Whether a flag's variants fit as a row of chips under its name (else a compact select).
 * Remembered per flag: the list asks for every row's height on each keystroke.
 */
export function usesChips(flag: Flag): boolean {
  if (flag.type === 'boolean' || flag.variants.length === 0 || flag.variants.length > MAX_CHIPS) return false;
  let fits = chipFlags.get(flag);
  if (fits === undefined) {
    fits = flag.variants.reduce((sum, v) => sum + variantLabel(v).length, 0) <= MAX_CHIP_TEXT;
    chipFlags.set(flag, fits);
  }
  return fits;
}

/** Whether the page in the tab mentions the flag at all. */
const onPage = (row: FlagRowData) => row.page.readings.length > 0 || row.page.verdict !== 'none';

/**
 * The popup's list, answering the first question first: the tab's overrides, then the flags the
 * page uses, then the rest grouped by their first tag (untagged last). A catalogue without tags
 * gets one "All flags" group. One pass and a sort of the group names: cheap for 10,000 flags.
 */
export function groupRows(rows: readonly FlagRowData[]): ListItem[] {
  const overridden: FlagRowData[] = [];
  const seen: FlagRowData[] = [];
  const byTag = new Map<string, FlagRowData[]>();
  const untagged: FlagRowData[] = [];
  for (const row of rows) {
    if (row.overridden) overridden.push(row);
    else if (onPage(row)) seen.push(row);
    else {
      const tag = row.flag.tags[0];
      if (tag === undefined) untagged.push(row);
      else {
        const group = byTag.get(tag);
        if (group) group.push(row);
        else byTag.set(tag, [row]);
      }
    }
  }
  const items: ListItem[] = [];
  const add = (label: string, group: readonly FlagRowData[]) => {
    if (group.length === 0) return;
    items.push({ kind: 'heading', label, count: group.length });
    for (const row of group) items.push({ kind: 'flag', row });
  };
  add('Overridden in this tab', overridden);
  add('On this page', seen);
  for (const tag of [...byTag.keys()].sort((a, b) => a.localeCompare(b))) add(`Tag: ${tag}`, byTag.get(tag)!);
  add(byTag.size > 0 ? 'No tag' : overridden.length + seen.length > 0 ? 'Other flags' : 'All flags', untagged);
  return items;
}

/** Whether a changed row still belongs where its old self was listed. */
const sameGroup = (a: FlagRowData, b: FlagRowData) => a.flag.key === b.flag.key && a.overridden === b.overridden && onPage(a) === onPage(b) && a.flag.tags[0] === b.flag.tags[0];

/** More changed rows than this (a search, a new page report on every row) are grouped afresh. */
const PATCH_LIMIT = 8;

/**
 * groupRows, remembering its last answer: when a few rows changed and stay in their groups (a
 * click on a flag that is already overridden), their entries are swapped in place instead of
 * grouping 10,000 rows again; anything else (more rows, a row changing group, a search) is
 * grouped afresh, at no more cost than before. `changeOf` (the row builder's) names the changed
 * rows of a click, so they are not looked for among all the rows.
 */
export function createGrouper(changeOf?: (rows: readonly FlagRowData[]) => RowChange | undefined) {
  let last: { rows: readonly FlagRowData[]; items: ListItem[] } | undefined;
  /** What the last answer patched: the list before it and the positions of the entries swapped. */
  let lastChange: ItemChange | undefined;
  /** Positions of the rows that differ from `before`'s; undefined when too many do, or the lists do not line up. */
  const changedSince = (before: readonly FlagRowData[], rows: readonly FlagRowData[]): readonly number[] | undefined => {
    const change = changeOf?.(rows);
    if (change?.before === before) return change.changed.length <= PATCH_LIMIT ? change.changed : undefined;
    if (before.length !== rows.length) return undefined;
    const changed: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === before[i]) continue;
      if (changed.length === PATCH_LIMIT) return undefined;
      changed.push(i);
    }
    return changed;
  };
  const patched = (before: { rows: readonly FlagRowData[]; items: ListItem[] }, rows: readonly FlagRowData[]): ItemChange | undefined => {
    const changed = changedSince(before.rows, rows);
    if (!changed) return undefined;
    const items = before.items.slice();
    const positions: number[] = [];
    for (const i of changed) {
      const was = before.rows[i]!;
      if (!sameGroup(was, rows[i]!)) return undefined;
      const at = items.findIndex((item) => item.kind === 'flag' && item.row === was);
      if (at < 0) return undefined;
      items[at] = { kind: 'flag', row: rows[i]! };
      positions.push(at);
    }
    return { before: before.items, items, changed: positions };
  };
  function grouped(rows: readonly FlagRowData[]): ListItem[] {
    if (last?.rows === rows) return last.items;
    lastChange = last && patched(last, rows);
    const items = lastChange?.items ?? groupRows(rows);
    last = { rows, items };
    return items;
  }
  return Object.assign(grouped, {
    /** The entries `items` swapped in place, when `items` is the latest answer and it was patched: the list's layout redoes only these. */
    changeOf: (items: readonly ListItem[]): ItemChange | undefined => (lastChange?.items === items ? lastChange : undefined),
  });
}

/** A list patched in place: `items` is `before` with the entries at `changed` replaced. */
export interface ItemChange {
  before: readonly ListItem[];
  items: ListItem[];
  changed: readonly number[];
}

/** Heights in px; the CSS gives the same (popup.css), so the virtual list never measures. */
export const HEADING_HEIGHT = 30;
const ROW_BASE = 50; // padding, the name line and the meta line
const LINE = 16;

/** A row's height, from what it shows: a page line (two when not honoured), chips, an error. */
export function itemHeight(item: ListItem, erroredKey?: string): number {
  if (item.kind === 'heading') return HEADING_HEIGHT;
  const { row } = item;
  let height = ROW_BASE;
  const verdict = row.page.verdict;
  if (verdict === 'not-honoured') height += 2 * LINE;
  else if (verdict !== 'none' || row.page.reported || row.page.readings.length > 0) height += LINE;
  if (usesChips(row.flag)) height += 32;
  if (erroredKey === row.flag.key) height += LINE;
  return height;
}
