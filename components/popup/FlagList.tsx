import type { VNode } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { FlagRowData, PopupModel } from './popup-model';
import { VirtualList, type ListControl } from '../VirtualList';
import { FlagRow, type FlagRowProps } from './FlagRow';
import { itemHeight, type ListItem } from './flag-list';

type Drawn = { vnode: VNode } & Omit<FlagRowProps, 'row' | 'model'>;

/**
 * A row's last drawing, given back while nothing it shows changed: Preact skips a vnode it
 * rendered before, so a click redraws the one row it changed instead of every row in view.
 */
function useRowDrawings(model: PopupModel) {
  const drawn = useMemo(() => new WeakMap<FlagRowData, Drawn>(), [model]);
  return (props: Omit<FlagRowProps, 'model'>): VNode => {
    const last = drawn.get(props.row);
    if (last && last.index === props.index && last.height === props.height && last.environment === props.environment
      && last.error === props.error && last.siteId === props.siteId) return last.vnode;
    const vnode = <FlagRow key={props.row.flag.key} model={model} {...props} />;
    drawn.set(props.row, { ...props, vnode });
    return vnode;
  };
}

const LIST_HEIGHT = 400;

/** Where typing means typing: `/` and the arrows are left alone there. */
const isEditable = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) && !(el instanceof HTMLInputElement && el.type === 'checkbox');

/** The next flag (not heading) from `from` in direction `step`; -1 when there is none. */
function nextFlag(items: readonly ListItem[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < items.length; i += step) if (items[i]!.kind === 'flag') return i;
  return -1;
}

/**
 * Search and the grouped flag list, with the keyboard: `/` focuses search, Esc clears it (and
 * leaves it when empty), ArrowDown goes into the list, the arrows move between flag rows. Reads
 * only the query: a click's answer redraws the list (`FlagRows`) and the count, not the search.
 */
export function FlagList({ model }: { model: PopupModel }) {
  const search = useRef<HTMLInputElement>(null);
  const control = useMemo<ListControl>(() => ({}), []);

  useEffect(() => {
    const onSlash = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      e.preventDefault();
      search.current?.focus();
    };
    document.addEventListener('keydown', onSlash);
    return () => document.removeEventListener('keydown', onSlash);
  }, []);

  const onSearchKey = (e: KeyboardEvent) => {
    const input = e.currentTarget as HTMLInputElement;
    if (e.key === 'Escape') {
      // Handled here, so an extension popup does not close on the first Esc.
      e.preventDefault();
      e.stopPropagation();
      if (input.value) model.query.value = '';
      else input.blur();
    } else if (e.key === 'ArrowDown') {
      const first = nextFlag(model.listItems.peek(), -1, 1);
      if (first >= 0) { e.preventDefault(); control.focus?.(first); }
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('li[data-index]');
    // Radio chips, selects and text fields keep their own arrows; rows and switches move.
    if (!row || (target !== row && target.getAttribute('role') !== 'switch')) return;
    e.preventDefault();
    const next = nextFlag(model.listItems.peek(), Number(row.dataset.index), e.key === 'ArrowDown' ? 1 : -1);
    if (next >= 0) control.focus?.(next);
    else if (e.key === 'ArrowUp') search.current?.focus();
  };

  return (
    <section class="flags" aria-label="Flags in the catalogue">
      <div class="search-row">
        <input ref={search} type="search" class="search" aria-label="Search flags" placeholder="Search flags"
          aria-keyshortcuts="/" value={model.query.value}
          onInput={(e) => { model.query.value = e.currentTarget.value; }} onKeyDown={onSearchKey} />
        <FlagCount model={model} />
      </div>
      <div onKeyDown={onListKey}>
        <FlagRows model={model} control={control} />
      </div>
      <p class="keys-hint">Keys: / search · arrows move · Space toggles · Esc clears</p>
    </section>
  );
}

function FlagCount({ model }: { model: PopupModel }) {
  return <p class="count">{model.countLine.value}</p>;
}

/** The list itself: redrawn when its entries change, each row only when what it shows did (useRowDrawings). */
function FlagRows({ model, control }: { model: PopupModel; control: ListControl }) {
  const items = model.listItems.value;
  const actionError = model.actionError.value;
  const erroredKey = actionError?.key;
  const environment = model.catalogue.value?.environment;
  const siteId = model.site.value?.id;
  const drawRow = useRowDrawings(model);
  const heightOf = useMemo(() => (item: ListItem) => itemHeight(item, erroredKey), [erroredKey]);
  return (
    <VirtualList label="Flags" items={items} rowHeight={heightOf} height={LIST_HEIGHT} control={control} changeOf={model.listChangeOf}
      renderRow={(item, index) => item.kind === 'heading'
        ? <li key={`h:${item.label}`} class="group-heading" style={{ height: `${heightOf(item)}px` }}><h2>{item.label} <span class="group-count">{item.count}</span></h2></li>
        : drawRow({ row: item.row, index, height: heightOf(item), environment, siteId,
          error: erroredKey !== undefined && erroredKey === item.row.flag.key ? actionError!.message : undefined })} />
  );
}
