import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  /** Every row has this height in px, so the window can be computed without measuring. */
  rowHeight: number;
  /** Height of the scrolling viewport in px. */
  height: number;
  renderRow(item: T, index: number): ComponentChildren;
  label: string;
}

/** Overscan rows above and below the viewport keep scrolling free of blank flashes. */
const OVERSCAN = 8;

/**
 * Renders only the rows in view, so a catalogue of thousands of flags opens as fast as a
 * short one. Rows are list items; the list keeps its full scroll height.
 */
export function VirtualList<T>({ items, rowHeight, height, renderRow, label }: Props<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const fitsWhole = items.length * rowHeight <= height;
  return (
    <div class="virtual-viewport" style={{ maxHeight: `${height}px` }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul aria-label={label} class="flag-list"
        style={{ height: `${items.length * rowHeight}px`, paddingTop: fitsWhole ? 0 : `${first * rowHeight}px` }}>
        {items.slice(first, last).map((item, i) => renderRow(item, first + i))}
      </ul>
    </div>
  );
}
