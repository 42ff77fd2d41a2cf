import type { FlagRowData } from './popup-model';
import { sourceLabel, type SourceReading } from '../../lib/detect/verdict';
import { showValue } from './show-value';


function from(reading: SourceReading): string {
  // Some bridges already say so in their detail ("isEnabled · forced by Flagtab").
  const forced = reading.forced && !/forced/i.test(reading.detail ?? '') ? ', forced in the page by Flagtab' : '';
  const detail = reading.detail ? ` (${reading.detail}${forced})` : forced ? ` (${forced.slice(2)})` : '';
  return `${sourceLabel(reading.source)}${detail}`;
}

function elementsOf(row: FlagRowData): number | undefined {
  return row.page.readings.find((r) => r.source === 'element')?.elements;
}

/**
 * One line under a flag: what the page in the tab used and who said so, and whether that is
 * the override (a "not honoured" warning may take two lines). It says "not honoured" only when a source reported another value after the
 * override was in place; earlier reports ask for a reload instead.
 */
export function PageLine({ row }: { row: FlagRowData }) {
  const { page, override } = row;
  const reported = page.reported;
  const elements = elementsOf(row);
  const marked = elements ? ` · ${elements} element${elements === 1 ? '' : 's'}` : '';
  switch (page.verdict) {
    case 'not-honoured': {
      const first = page.mismatches[0]!;
      const others = page.mismatches.length > 1 ? ` and ${page.mismatches.length - 1} more source(s)` : '';
      return (
        // The value the page used comes first and the line wraps: the popup is narrow, and a
        // cut-off warning hid exactly that value.
        <span class="page-line not-honoured" title={page.mismatches.map((m) => `${from(m)}: ${showValue(m.value)}`).join('\n')}>
          ⚠ Not honoured: page uses {showValue(first.value)}, not your {showValue(override)} · {from(first)}{others}
        </span>
      );
    }
    case 'honoured':
      return <span class="page-line honoured" title={from(reported!)}>✓ Page uses {showValue(reported!.value)} · {from(reported!)}{marked}</span>;
    case 'reload':
      return <span class="page-line reload">Set after this page loaded: reload the tab to see it applied</span>;
    case 'unreported':
      return (
        <span class="page-line unreported">
          {page.readings.length > 0 ? `On the page${marked}, but it does not say which value it got` : 'Sent; the page does not report this flag'}
        </span>
      );
    case 'none':
      if (reported) return <span class="page-line seen" title={from(reported)}>On page: {showValue(reported.value)} · {from(reported)}{marked}</span>;
      if (page.readings.length > 0) return <span class="page-line seen">On page{marked}</span>;
      return null;
  }
}
