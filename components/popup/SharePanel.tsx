import type { ShareModel } from './share-model';
import type { ShareEntry, ShareOfferView } from '../../lib/share/view';
import { showValue } from './show-value';
import { useEffect } from 'preact/hooks';

/** `new-checkout = true`, `hero-banner = "b"`: strings quoted, so an empty or spaced value shows. */
const line = (entry: ShareEntry) => `${entry.key} = ${typeof entry.value === 'string' ? JSON.stringify(entry.value) : showValue(entry.value)}`;

/** What the link would set, every flag and value in full: nothing applies that is not shown here. */
function ReadyOffer({ share, offer }: { share: ShareModel; offer: Extract<ShareOfferView, { status: 'ready' }> }) {
  const known = offer.entries.filter((e) => e.known);
  const unknown = offer.entries.filter((e) => !e.known);
  const count = known.length + (share.withUnknown.value ? unknown.length : 0);
  return (
    <>
      <p class="share-question">{offer.name ? `Apply '${offer.name}' in this tab?` : 'Apply this share link in this tab?'}</p>
      {known.length > 0 && <ul aria-label="Flags the link sets">{known.map((e) => <li key={e.key}><code>{line(e)}</code></li>)}</ul>}
      {unknown.length > 0 && (
        <>
          <p class="warning">{offer.catalogueRead ? `${offer.siteName}'s catalogue does not list ${unknown.length === 1 ? 'this flag' : 'these flags'}:` : `Flagtab could not read ${offer.siteName}'s catalogue, so it cannot check these flags:`}</p>
          <ul aria-label="Flags not in the catalogue">{unknown.map((e) => <li key={e.key}><code>{line(e)}</code></li>)}</ul>
          <label><input type="checkbox" checked={share.withUnknown.value} onChange={(e) => { share.withUnknown.value = e.currentTarget.checked; }} /> Also apply {unknown.length === 1 ? 'it' : 'them'}</label>
        </>
      )}
      <p class="hint">Your other overrides in this tab stay as they are.</p>
      <button type="button" onClick={() => void share.apply()} disabled={count === 0}>Apply</button>{' '}
      <button type="button" onClick={() => void share.dismiss()}>Dismiss</button>
    </>
  );
}

function OfferText({ offer }: { offer: Exclude<ShareOfferView, { status: 'ready' }> }) {
  const named = 'name' in offer && offer.name ? ` '${offer.name}'` : '';
  if (offer.status === 'invalid') return <p class="warning">{offer.reason}</p>;
  if (offer.status === 'not-set-up') return <p class="warning">This tab was opened with a Flagtab share link{named} for the site "{offer.linkSite}", but Flagtab is not set up for {offer.host}. Set up the site, then open the link again. Nothing was applied.</p>;
  return <p class="warning">This share link{named} is for the site "{offer.linkSite}", not {offer.siteName}: nothing to apply here.</p>;
}

/**
 * The share link waiting in this tab (Apply / Dismiss), and what sharing said last: at the top
 * of the popup, since a link that opened this tab asks its question before anything else.
 */
export function ShareOffer({ share }: { share: ShareModel }) {
  useEffect(() => void share.load(), [share]);
  const offer = share.offer.value;
  return (
    <div class="share" data-loaded={share.loaded.value}>
      {offer && (
        <section class="share-offer" aria-label="Share link">
          {offer.status === 'ready' ? <ReadyOffer share={share} offer={offer} /> : (
            <><OfferText offer={offer} /><button type="button" onClick={() => void share.dismiss()}>Dismiss</button></>
          )}
        </section>
      )}
      {share.notice.value && <p role="status" class="share-notice">{share.notice.value}</p>}
      {share.error.value && <p role="alert" class="error">{share.error.value}</p>}
    </div>
  );
}

/** "Share these overrides": a tool, under the list with the scenarios, once the tab has overrides to share. */
export function ShareCopy({ share }: { share: ShareModel }) {
  const link = share.link.value;
  return (
    <details class="share-copy">
      <summary>Share these overrides</summary>
      <input type="text" aria-label="Share link name (optional)" placeholder="Name (optional)" maxLength={80}
        value={share.name.value} onInput={(e) => { share.name.value = e.currentTarget.value; }} />
      <button type="button" onClick={() => void share.copyLink()}>Copy share link</button>
      {link?.ok === false && <p role="alert" class="error">{link.message}</p>}
      {link?.ok && (
        <>
          <input type="text" readOnly aria-label="Share link" value={link.url} onFocus={(e) => e.currentTarget.select()} />
          <p class="hint" role="status">{share.copied.value ? 'Copied to the clipboard.' : share.copied.value === false ? 'The browser refused the clipboard: copy the link from here.' : ''} It carries {link.count} override{link.count === 1 ? '' : 's'} and no token; whoever opens it with Flagtab is asked before anything applies.</p>
        </>
      )}
    </details>
  );
}
