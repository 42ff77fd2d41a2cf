import { z } from '../zod';
import type { JsonValue } from '../json';
import { PageReportSchema } from './observation';
import { lazySchema } from '../lazy-schema';

/**
 * Messages between Flagtab's content script (in a configured site's page) and the background.
 * The content script runs beside untrusted page code, so it can only *report* and *ask for this
 * tab's own overrides*: the background takes the tab from the message's sender, never from its
 * data, and nothing here can change an override, a setting or a token. Each schema is built when
 * its message first comes (lib/lazy-schema.ts).
 */
export const PageRequestSchemas = {
  /** The content script started in a new document; answers what it should do there. */
  'page/hello': lazySchema(() => z.object({ documentStartedAt: z.number() })),
  /** What the page used (see PageReportSchema). */
  'page/report': PageReportSchema,
} as const;

export type PageMessageType = keyof typeof PageRequestSchemas;
export type PageRequestOf<T extends PageMessageType> = z.input<ReturnType<(typeof PageRequestSchemas)[T]>>;

/** What the content script does in this document. */
export interface PageHello {
  /** Read `<meta>`, `<script data-flag-values>` and `data-feature-flag` markers. */
  markers: boolean;
  /** Start the bridge's SDK hooks in the page. */
  sdks: boolean;
  /** This tab's overrides, to apply inside the page's SDKs; empty when the site does not want that. */
  overrides: Record<string, JsonValue>;
  /** Outline the flagged elements. */
  outline: boolean;
  /**
   * The child-tab part's answer (lib/overrides/page/channel.ts `ChildHello`), carried here so the
   * detect script, which runs that part too, needs one round trip: whether this tab has overrides
   * on the site (its new tabs must wait for theirs), and the site's hosts.
   */
  children: { armed: boolean; hosts: string[] };
}

export interface PageResponseMap {
  'page/hello': PageHello;
  'page/report': { accepted: boolean };
}

/**
 * A reply to a content script: words only. A page-side script logs a refusal; it never shows it
 * in a form, so it needs no typed error (extension pages get lib/messaging/errors.ts).
 */
export type PageReply<T> = { ok: true; result: T } | { ok: false; error: string };

export interface PageEnvelope<T extends PageMessageType = PageMessageType> {
  type: T;
  data: PageRequestOf<T>;
}

/** Messages the background sends to the content script of one tab (`tabs.sendMessage`). */
export type ToContentScript =
  | { type: 'flagtab/overrides'; overrides: Record<string, JsonValue> }
  | { type: 'flagtab/outline'; on: boolean };
