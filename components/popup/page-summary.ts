import type { FlagRowData, PageSummary } from './popup-model';
import type { RowChange } from './row-builder';

/** Adds (`sign` 1) or takes away (-1) what one row counts for in the summary. */
function count(summary: PageSummary, row: FlagRowData, sign: 1 | -1): void {
  if (row.page.readings.length > 0) summary.reported += sign;
  if (row.page.verdict === 'not-honoured') summary.notHonoured += sign;
  if (row.page.verdict === 'reload') summary.reload += sign;
}

/**
 * The counts of the popup's "on this page" line, remembering the last answer: when the rows are
 * the last rows with a few positions changed (a click, `changeOf`), only those rows are counted
 * again (the old row out, the new one in) instead of all 10,000.
 */
export function createPageSummariser(changeOf: (rows: readonly FlagRowData[]) => RowChange | undefined) {
  let last: { rows: readonly FlagRowData[]; summary: PageSummary } | undefined;
  return function summarise(rows: readonly FlagRowData[]): PageSummary {
    if (last?.rows === rows) return last.summary;
    const change = changeOf(rows);
    const summary: PageSummary = { reported: 0, notHonoured: 0, reload: 0 };
    if (last && change && change.before === last.rows) {
      Object.assign(summary, last.summary);
      for (const i of change.changed) {
        count(summary, change.before[i]!, -1);
        count(summary, rows[i]!, 1);
      }
    } else {
      for (const row of rows) count(summary, row, 1);
    }
    // The same object while the counts are the same, so the lines that show them are not drawn again.
    const same = last && last.summary.reported === summary.reported && last.summary.notHonoured === summary.notHonoured && last.summary.reload === summary.reload;
    last = { rows, summary: same ? last!.summary : summary };
    return last.summary;
  };
}
