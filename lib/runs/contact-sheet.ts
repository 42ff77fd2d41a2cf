/**
 * The contact sheet: one PNG with every step's capture as a thumbnail, each labelled with its
 * values, for a review deck or a ticket. Drawn in an `OffscreenCanvas` (no DOM needed: the
 * gallery page or a worker can draw it). `sheetLayout` is pure, so the grid is tested apart.
 */

export interface SheetCell {
  /** The thumbnail's box; the label goes under it. */
  x: number;
  y: number;
  width: number;
  height: number;
  labelY: number;
}

export interface SheetLayout {
  width: number;
  height: number;
  cells: SheetCell[];
}

export const SHEET = { cellWidth: 320, labelLines: 3, lineHeight: 16, gap: 12, maxColumns: 4 } as const;

/**
 * Where each of `count` thumbnails goes: up to four a row, each as wide as `SHEET.cellWidth`
 * and as tall as the captures' aspect makes it, with room for the label's lines under it.
 *
 * @example sheetLayout(4, 1280 / 720).cells.length === 4 // a 4 × 1 grid
 */
export function sheetLayout(count: number, aspect: number): SheetLayout {
  const { cellWidth, labelLines, lineHeight, gap, maxColumns } = SHEET;
  const columns = Math.max(1, Math.min(count, maxColumns));
  const rows = Math.max(1, Math.ceil(count / columns));
  const imageHeight = Math.round(cellWidth / (aspect > 0 ? aspect : 16 / 9));
  const rowHeight = imageHeight + labelLines * lineHeight + gap;
  const cells = Array.from({ length: count }, (_, i): SheetCell => {
    const x = gap + (i % columns) * (cellWidth + gap);
    const y = gap + Math.floor(i / columns) * (rowHeight + gap);
    return { x, y, width: cellWidth, height: imageHeight, labelY: y + imageHeight + 4 };
  });
  return { width: gap + columns * (cellWidth + gap), height: gap + rows * (rowHeight + gap), cells };
}

export interface SheetEntry {
  /** Undefined for a step that failed: its cell says why instead. */
  image?: ImageBitmap;
  /** The label, one line each: the step's values, what the page reported, or the failure. */
  lines: string[];
}

/** The sheet as a PNG. `createCanvas` is `new OffscreenCanvas(w, h)` outside tests. */
export async function drawContactSheet(
  entries: readonly SheetEntry[],
  createCanvas: (width: number, height: number) => OffscreenCanvas = (w, h) => new OffscreenCanvas(w, h),
): Promise<Blob> {
  const first = entries.find((e) => e.image)?.image;
  const layout = sheetLayout(entries.length, first ? first.width / first.height : 16 / 9);
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw in an OffscreenCanvas, so no contact sheet can be made: save the images one by one.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  entries.forEach((entry, i) => {
    const cell = layout.cells[i]!;
    if (entry.image) {
      ctx.drawImage(entry.image, cell.x, cell.y, cell.width, cell.height);
    } else {
      ctx.fillStyle = '#eeeeee';
      ctx.fillRect(cell.x, cell.y, cell.width, cell.height);
    }
    ctx.strokeStyle = '#999999';
    ctx.strokeRect(cell.x + 0.5, cell.y + 0.5, cell.width - 1, cell.height - 1);
    ctx.fillStyle = '#111111';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    entry.lines.slice(0, SHEET.labelLines).forEach((line, n) => ctx.fillText(line, cell.x, cell.labelY + n * SHEET.lineHeight, cell.width));
  });
  return canvas.convertToBlob({ type: 'image/png' });
}
