import type { FlagRowData, PopupModel } from './popup-model';
import { FlagControl } from './FlagControl';
import { PageLine } from './PageLine';
import { showValue } from './show-value';
import { AllVariantsButton } from './AllVariantsButton';
import { usesChips } from './flag-list';

/**
 * Everything a row shows, as plain values: a row reads no signal itself, so a change elsewhere
 * (another flag's click) does not redraw it, and the list can keep its last drawing (FlagList).
 */
export interface FlagRowProps {
  row: FlagRowData;
  model: PopupModel;
  index: number;
  height: number;
  /** The catalogue's environment ("On in production"). */
  environment: string | undefined;
  /** The last action's failure, when it concerned this flag. */
  error: string | undefined;
  /** The tab's site, for "All variants…". */
  siteId: string | undefined;
}

/**
 * One flag: its name and default, what this tab gets, and a way back to the default. The row
 * itself takes focus (arrow keys move between rows): Space or Enter then toggles a boolean, or
 * Enter moves into the row's control.
 */
export function FlagRow({ row, model, index, height, environment, error, siteId }: FlagRowProps) {
  const { flag, overridden, override } = row;
  const effective = overridden ? override : flag.defaultValue;
  const chips = usesChips(flag);
  const control = (
    <FlagControl flag={flag} effective={effective} overridden={overridden}
      onSet={(v) => model.setOverride(flag.key, v)} onClear={() => model.clearOverride(flag.key)} />
  );
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget || (e.key !== ' ' && e.key !== 'Enter')) return;
    e.preventDefault();
    if (flag.type === 'boolean') void model.setOverride(flag.key, effective !== true);
    else (e.currentTarget as HTMLElement).querySelector<HTMLElement>('input, select')?.focus();
  };
  const classes = ['flag', overridden ? 'overridden' : '', row.page.verdict === 'not-honoured' ? 'not-honoured' : ''].filter(Boolean).join(' ');
  return (
    <li class={classes} data-flag-key={flag.key} data-index={index} tabIndex={-1} style={{ height: `${height}px` }} onKeyDown={onKeyDown}>
      <div class="flag-main">
        <div class="flag-text">
          <span class="flag-key" title={flag.key}>
            {flag.name && flag.name !== flag.key ? <span class="flag-name">{flag.name} </span> : ''}<code>{flag.key}</code>
            {flag.links[0] && isWebLink(flag.links[0].url) && (
              <a class="flag-link" href={flag.links[0].url} target="_blank" rel="noopener noreferrer" title={flag.links[0].title ?? flag.links[0].url}
                aria-label={`Open link for ${flag.key}`}>↗</a>
            )}
          </span>
          <span class="flag-meta">
            {overridden ? <strong class="badge-overridden">Overridden</strong> : <span>Default</span>}
            {flag.enabled !== undefined && <span class={flag.enabled ? 'state-on' : 'state-off'}> · {flag.enabled ? 'On' : 'Off'}{environment ? ` in ${environment}` : ''}</span>}
            {flag.defaultValue !== undefined && <span> · default {showValue(flag.defaultValue)}</span>}
            {flag.tickets.length > 0 && <span class="tickets" title={`Tickets: ${flag.tickets.join(', ')}`}> · {flag.tickets.slice(0, 2).join(' ')}</span>}
            {flag.tags.length > 0 && <span class="tags" title={`Tags: ${flag.tags.join(', ')}`}> · {tagsText(flag.tags)}</span>}
            {flag.stale && <span class="stale" title={flag.stale}> · stale?</span>}
            {!row.inCatalogue && <span> · not in the catalogue</span>}
            {flag.description && <span class="flag-description" title={flag.description}> · {flag.description}</span>}
          </span>
          <PageLine row={row} />
          {error && <span class="field-error" role="alert">{error}</span>}
        </div>
        <div class="flag-actions">
          <AllVariantsButton flag={flag} siteId={siteId} />
          {!chips && <span class="flag-control">{control}</span>}
          {overridden && (
            <button type="button" class="reset-one" aria-label={`Reset ${flag.key}`} title="Back to the default"
              onClick={() => model.clearOverride(flag.key)}>↺</button>
          )}
        </div>
      </div>
      {chips && control}
    </li>
  );
}

/** The first tags, as search finds them, and how many more: "tags: checkout, mobile +2". */
export function tagsText(tags: readonly string[]): string {
  const shown = tags.slice(0, 3).join(', ');
  return `tags: ${shown}${tags.length > 3 ? ` +${tags.length - 3}` : ''}`;
}

/** Only http(s) links become anchors: a provider's "javascript:" link must not run in the popup. */
function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
