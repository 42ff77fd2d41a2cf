import type { JsonValue } from '../json-value';

/** What the popup shows of a share link waiting in its tab. Zod-free: the popup imports it. */

/** One flag the link would set, and whether the site's catalogue lists it. */
export interface ShareEntry {
  key: string;
  value: JsonValue;
  known: boolean;
}

/** Every offer names its link by `fragment` (the text after '#'): Apply and Dismiss send it back. */
export type ShareOfferView =
  /** On its site: Apply sets `entries` (unknown ones only when the person ticks them too). */
  | { status: 'ready'; fragment: string; name?: string; siteId: string; siteName: string; entries: ShareEntry[]; catalogueRead: boolean }
  /** The tab's host is in no configured site. */
  | { status: 'not-set-up'; fragment: string; name?: string; linkSite: string; host: string }
  /** The tab is on a configured site, but the link names another site id. */
  | { status: 'other-site'; fragment: string; name?: string; linkSite: string; siteName: string }
  /** Garbage, oversized, another version: why, in words. */
  | { status: 'invalid'; fragment: string; reason: string };

/** The popup's "Copy share link": the link, or why there is none. */
export type ShareLinkResult = { ok: true; url: string; count: number } | { ok: false; message: string };
