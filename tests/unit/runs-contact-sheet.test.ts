import { describe, expect, it } from 'vitest';
import { SHEET, sheetLayout } from '../../lib/runs/contact-sheet';

describe('the contact sheet grid', () => {
  it('puts up to four thumbnails a row, none overlapping, all inside the sheet', () => {
    for (const count of [1, 3, 4, 5, 16]) {
      const layout = sheetLayout(count, 16 / 9);
      expect(layout.cells).toHaveLength(count);
      const columns = new Set(layout.cells.map((c) => c.x)).size;
      expect(columns).toBe(Math.min(count, 4));
      for (const [i, a] of layout.cells.entries()) {
        expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
        expect(a.labelY + SHEET.labelLines * SHEET.lineHeight).toBeLessThanOrEqual(layout.height);
        for (const b of layout.cells.slice(i + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.labelY + SHEET.labelLines * SHEET.lineHeight <= b.y || b.labelY <= a.y;
          expect(apart).toBe(true);
        }
      }
    }
  });
  it('keeps the captures\' aspect', () => {
    expect(sheetLayout(2, 2).cells[0]!.height).toBe(SHEET.cellWidth / 2);
  });
});
