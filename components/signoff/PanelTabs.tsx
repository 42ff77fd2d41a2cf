import type { ComponentChildren } from 'preact';
import type { PanelView } from './signoff-model';

export interface PanelTab {
  view: PanelView;
  label: string;
  /** A count shown as a badge after the label (and read with it: "Outbox 2"). */
  count?: number;
}

/**
 * An ARIA tab list: one tab stop, Left/Right/Home/End move between tabs and show them
 * (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/).
 */
export function PanelTabs(props: { tabs: PanelTab[]; current: PanelView; onSelect(view: PanelView): void; children: ComponentChildren }) {
  const { tabs, current } = props;
  const move = (event: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const next = event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index + last) % tabs.length
      : event.key === 'Home' ? 0 : event.key === 'End' ? last : undefined;
    if (next === undefined) return;
    event.preventDefault();
    props.onSelect(tabs[next]!.view);
    document.getElementById(`tab-${tabs[next]!.view}`)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Sign-off views" class="tabs">
        {tabs.map((tab, index) => (
          <button key={tab.view} type="button" role="tab" id={`tab-${tab.view}`} aria-controls={tab.view === current ? `panel-${tab.view}` : undefined}
            aria-selected={tab.view === current} tabIndex={tab.view === current ? 0 : -1}
            onClick={() => props.onSelect(tab.view)} onKeyDown={(e) => move(e, index)}>
            {tab.label}
            {tab.count ? <span class="badge"> {tab.count}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} class="tabpanel">
        {props.children}
      </div>
    </>
  );
}
