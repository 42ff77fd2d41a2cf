import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/** Lets the owner of a list bring a row into view and focus it (arrow keys in the popup). */
export interface ListControl {
  focus?(index: number): void;
}

interface Props<T> {
  items: readonly T[];
  /** Each row's height in px, known without measuring, so the window is computed, not laid out. */
  rowHeight: number | ((item: T) => number);
  /** Height of the scrolling viewport in px. */
  height: number;
  renderRow(item: T, index: number): ComponentChildren;
  label: string;
  /** Filled by the list; rows carry `data-index` so the list can find the one to focus. */
  control?: ListControl;
  /**
   * When `items` is an earlier list with a few entries replaced (a click), which positions: the
   * list then measures those rows alone instead of comparing all of them with the last list.
   */
  changeOf?(items: readonly T[]): Change<T> | undefined;
}

/** `before` with the entries at `changed` replaced (same length, same order otherwise). */
export interface Change<T> {
  before: readonly T[];
  changed: readonly number[];
}

/** Overscan rows above and below the viewport keep scrolling free of blank flashes. */
const OVERSCAN = 8;

/** Where each row starts (the last entry is the list's full height), for these items and heights. */
interface Layout<T> {
  items: readonly T[];
  rowHeight: Props<T>['rowHeight'];
  offsets: Float64Array;
}

/**
 * Where each row starts; the last entry is the list's full height. One pass, no layout. Given
 * the last layout and `change` (which positions of that list were replaced), only those rows are
 * measured again, and the sums are redone only when a height changed, from the first that did:
 * a click that changes one row of 10,000 measures one row. Without `change`, a list as long with
 * the same heights is compared row by row (identity) and only new rows are measured.
 */
function layoutOf<T>(items: readonly T[], rowHeight: Props<T>['rowHeight'], last: Layout<T> | undefined, change: Change<T> | undefined): Layout<T> {
  const heightOf = (item: T) => (typeof rowHeight === 'number' ? rowHeight : rowHeight(item));
  if (last && last.rowHeight === rowHeight && last.items.length === items.length) {
    const heightChanged = (i: number) => heightOf(items[i]!) - (last.offsets[i + 1]! - last.offsets[i]!);
    const changed = change?.before === last.items ? change.changed : undefined;
    let from = items.length;
    if (changed) {
      for (const i of changed) if (heightChanged(i) !== 0) from = Math.min(from, i);
      if (from === items.length) return { items, rowHeight, offsets: last.offsets };
    } else {
      for (let i = 0; i < items.length && from === items.length; i++) if (items[i] !== last.items[i] && heightChanged(i) !== 0) from = i;
      if (from === items.length) return { items, rowHeight, offsets: last.offsets };
    }
    const offsets = last.offsets.slice();
    let shift = 0;
    for (let i = from; i < items.length; i++) {
      if (items[i] !== last.items[i]) shift += heightChanged(i);
      offsets[i + 1] = last.offsets[i + 1]! + shift;
    }
    return { items, rowHeight, offsets };
  }
  const offsets = new Float64Array(items.length + 1);
  for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i]! + heightOf(items[i]!);
  return { items, rowHeight, offsets };
}

/** The row at vertical position `y` (binary search over the offsets). */
function rowAt(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid]! <= y) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}

/**
 * Renders only the rows in view, so a catalogue of thousands of flags opens as fast as a
 * short one. Rows are list items; the list keeps its full scroll height.
 */
export function VirtualList<T>({ items, rowHeight, height, renderRow, label, control, changeOf }: Props<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  // The first drawing holds only the rows in view, so the list is usable sooner; the overscan
  // follows in an effect, which Preact runs after the browser has painted that first drawing.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => setOverscan(OVERSCAN), []);
  const [focusWanted, setFocusWanted] = useState<number | undefined>(undefined);
  const viewport = useRef<HTMLDivElement>(null);
  const layout = useRef<Layout<T> | undefined>(undefined);
  const offsets = useMemo(() => (layout.current = layoutOf(items, rowHeight, layout.current, changeOf?.(items))).offsets, [items, rowHeight]);
  const total = offsets[items.length]!;
  const first = Math.max(0, rowAt(offsets, scrollTop) - overscan);
  const last = Math.min(items.length, rowAt(offsets, scrollTop + height) + 1 + overscan);
  const fitsWhole = total <= height;

  if (control) {
    control.focus = (index) => {
      if (index < 0 || index >= items.length || !viewport.current) return;
      const view = viewport.current;
      const top = offsets[index]!;
      const bottom = offsets[index + 1]!;
      let next = view.scrollTop;
      if (top < next) next = top;
      else if (bottom > next + height) next = bottom - height;
      if (next !== view.scrollTop) {
        view.scrollTop = next;
        setScrollTop(next);
      }
      const row = view.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (row) row.focus({ preventScroll: true });
      else setFocusWanted(index);
    };
  }
  // A row scrolled into the window is focused once the render that has it is in the page.
  useLayoutEffect(() => {
    if (focusWanted === undefined) return;
    viewport.current?.querySelector<HTMLElement>(`[data-index="${focusWanted}"]`)?.focus({ preventScroll: true });
    setFocusWanted(undefined);
  }, [focusWanted]);

  return (
    <div class="virtual-viewport" ref={viewport} style={{ maxHeight: `${height}px` }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul aria-label={label} class="flag-list"
        style={{ height: `${total}px`, paddingTop: fitsWhole ? 0 : `${offsets[first]}px` }}>
        {items.slice(first, last).map((item, i) => renderRow(item, first + i))}
      </ul>
    </div>
  );
}
