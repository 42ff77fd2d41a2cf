import { z } from '../zod';
import type { ReplyError } from './errors';
import { JsonValueSchema, type JsonValue } from '../json';
import { HostPatternSchema, type Site } from '../config/schema';
import type { CatalogueView } from '../catalogue/view';
import type { ConnectionDiagnosis } from '../providers/types';
import type { PageView } from '../detect/view';
import type { OverridesView } from '../overrides/view';
import type { HistoryView, OutboxActionResult, OutboxView, ScreenshotResult, SignOffDraft, TrackerCheck } from '../signoff/view';
import type { LoadWarning } from '../overrides/documents';
import { EvidenceSchema, GallerySchema, ScreenshotSchema } from '../signoff/schema';
import { VERDICTS, type Evidence, type SignOffGallery } from '../signoff/signoff';
import type { HistoryEntry, Screenshot } from '../signoff/history';
import type { ShareLinkResult, ShareOfferView } from '../share/view';
import { MAX_NAME_CHARS, MAX_PAYLOAD_CHARS } from '../share/limits';
import { ScenarioNameSchema, ScenarioValuesSchema, StartPathSchema, TicketKeySchema } from '../scenarios/schema';
import type { Scenario } from '../scenarios/scenario';
import { DictSchema } from '../dict-schema';
import { lazySchema } from '../lazy-schema';
import type { RunView } from '../runs/state';
import type { LoadResult } from '../config/store';

/**
 * Every message the extension's pages send to the background, in one place. The background
 * validates each message's data with these schemas before acting (see router.ts). Each schema
 * is built the first time its type is routed (lazy-schema.ts): a worker woken by a click
 * builds one message's schema, not all of them.
 */
const TabId = lazySchema(() => z.number().check(z.int(), z.nonnegative()));
const SiteId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));
/** Flag keys may hold any character (the wire format encodes them); only the size is capped. */
const FlagKey = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(256)));
const SignOffId = lazySchema(() => z.string().check(z.regex(/^so-[a-z2-7]{20}$/)));
/** The tester, as she names herself in signed overrides (`sub`): a name or an e-mail address. */
const Who = lazySchema(() => z.string().check(z.trim(), z.minLength(1, 'name the tester (a name or an e-mail address)'), z.maxLength(200)));
/** Notes longer than this do not fit a Jira comment (32,767 characters) with the evidence. */
export const MAX_NOTES = 20_000;

/** Which steps a run takes (lib/runs/combinations.ts); the background plans them from the catalogue. */
const StrategySchema = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all-variants'), key: FlagKey() }),
  z.object({ kind: z.literal('all-new') }),
  z.object({ kind: z.literal('all-old') }),
  z.object({ kind: z.literal('all-new-all-old') }),
  z.object({ kind: z.literal('pairwise') }),
  z.object({ kind: z.literal('chosen'), steps: z.array(DictSchema(JsonValueSchema, FlagKey())).check(z.minLength(1), z.maxLength(64)) }),
]));

export const RequestSchemas = {
  'popup/state': lazySchema(() => z.object({ tabId: TabId() })),
  'overrides/set': lazySchema(() => z.object({ tabId: TabId(), siteId: SiteId(), key: FlagKey(), value: JsonValueSchema })),
  'overrides/clear': lazySchema(() => z.object({ tabId: TabId(), siteId: SiteId(), key: FlagKey() })),
  'overrides/reset': lazySchema(() => z.object({ tabId: TabId(), siteId: z.optional(SiteId()) })),
  /** Several values at once, added to the tab's overrides in one change ("Apply the flags of SHOP-142"). */
  'overrides/set-many': lazySchema(() => z.object({ tabId: TabId(), siteId: SiteId(), values: ScenarioValuesSchema })),
  /** Sets exactly the scenario's values in the tab (replacing its overrides on the site), then opens its start path. */
  'scenarios/apply': lazySchema(() => z.object({ tabId: TabId(), scenarioId: z.string().check(z.minLength(1), z.maxLength(64)) })),
  /** The presenter's next scenario in the tab (the shortcut's path, from the popup's button): applied, then the tab reloads. */
  'scenarios/next': lazySchema(() => z.object({ tabId: TabId() })),
  /** Saves the tab's overrides on the site, as the background holds them, as a scenario (same name: updated). */
  'scenarios/save': lazySchema(() => z.object({
    tabId: TabId(),
    siteId: SiteId(),
    name: ScenarioNameSchema,
    startPath: z.optional(StartPathSchema),
    tickets: z.array(TicketKeySchema).check(z.maxLength(50)),
  })),
  'catalogue/refresh': lazySchema(() => z.object({ tabId: TabId(), siteId: SiteId() })),
  /** Outline (or stop outlining) the elements each flag controls on the tab's page. */
  'page/outline': lazySchema(() => z.object({ tabId: TabId(), on: z.boolean() })),
  /** Reload the tab, so its page is served again with the overrides set since it loaded. */
  'tab/reload': lazySchema(() => z.object({ tabId: TabId() })),
  /**
   * "Test connection" from the options page: a site as the form has it (not yet saved) and the
   * token typed into the form, or none to use the stored one. The token goes no further than
   * the background, which sends it to the provider's origin only.
   */
  'connection/test': lazySchema(() => z.object({ site: z.unknown(), token: z.optional(z.string().check(z.maxLength(4096))) })),

  // QA sign-offs (side panel). See lib/background/signoff.ts.
  /** What the sign-off form starts with for this tab: site, tracker, suggested ticket, evidence. */
  'signoff/draft': lazySchema(() => z.object({ tabId: TabId() })),
  /** A PNG of the tab's visible area (the tab must be the active one of its window). */
  'signoff/screenshot': lazySchema(() => z.object({ tabId: TabId() })),
  /**
   * Saves the sign-off in the outbox, then sends it. `id` comes from the draft, so pressing Send
   * twice (or again after the worker restarted) keeps one sign-off. `evidence` is the block the
   * person previewed; the background stamps the time of sending.
   */
  'signoff/submit': lazySchema(() => z.object({
    id: SignOffId(),
    tabId: TabId(),
    siteId: SiteId(),
    ticket: z.string().check(z.trim(), z.minLength(1, 'name the ticket'), z.maxLength(200)),
    verdict: z.enum(VERDICTS),
    notes: z.string().check(z.maxLength(MAX_NOTES)),
    who: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    screenshot: z.optional(ScreenshotSchema()),
    gallery: z.optional(GallerySchema()),
    evidence: EvidenceSchema(),
  })),
  'outbox/list': lazySchema(() => z.object({})),
  /**
   * The panel saw the browser come back online: send what waited now. The worker may not hear
   * the "online" event itself (it may be asleep), and its own re-check is a minute away.
   */
  'outbox/wake': lazySchema(() => z.object({})),
  'outbox/retry': lazySchema(() => z.object({ id: SignOffId() })),
  'outbox/discard': lazySchema(() => z.object({ id: SignOffId() })),
  /** Changes a sign-off that has not been posted; the outbox checks the tracker first when it may have been. */
  'outbox/edit': lazySchema(() => z.object({
    id: SignOffId(),
    patch: z.object({
      ticket: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      verdict: z.optional(z.enum(VERDICTS)),
      notes: z.optional(z.string().check(z.maxLength(MAX_NOTES))),
      dropScreenshot: z.optional(z.boolean()),
    }),
  })),
  'history/list': lazySchema(() => z.object({})),
  /** The screenshot Flagtab kept for a posted sign-off (GitHub cannot take it), to save it. */
  'history/screenshot': lazySchema(() => z.object({ id: SignOffId() })),
  /** Forgets the kept screenshot (after saving it) to free storage; the entry stays. */
  'history/drop-screenshot': lazySchema(() => z.object({ id: SignOffId() })),
  'history/remove': lazySchema(() => z.object({ id: SignOffId() })),
  /** The history (or one ticket's part) as a file: Markdown for people, JSON for tools. */
  'history/export': lazySchema(() => z.object({ format: z.enum(['markdown', 'json']), ticket: z.optional(z.string().check(z.maxLength(200))) })),
  /**
   * "Test connection" for a site's sign-off tracker, as the options form has it: the token
   * typed into the form, or none to use the stored one. Answers who the token signs in as.
   */
  'tracker/test': lazySchema(() => z.object({ site: z.unknown(), token: z.optional(z.string().check(z.maxLength(4096))) })),
  /**
   * Before Save: does the browser accept the rules a site's hosts need (RE2 caps each regex)?
   * Answers what to do when it does not.
   */
  'sites/check-hosts': lazySchema(() => z.object({ hosts: z.array(HostPatternSchema).check(z.maxLength(10_000)) })),
  /**
   * The configuration as the background reads it (migrated, validated, with the organisation's
   * sites merged in), for the options page: it shows the sites without parsing them itself.
   */
  'config/read': lazySchema(() => z.object({})),
  /** The options page opened: copy the organisation's policy from storage.managed now (watchers hear a change). */
  'policy/sync': lazySchema(() => z.object({})),

  // Signing keys for signed overrides (wire v2), per site. See lib/background/keys.ts.
  /** The site's key, its public half only. */
  'keys/get': lazySchema(() => z.object({ siteId: SiteId() })),
  /** A new Ed25519 key (replacing any: rotating is generating again); `who` is the tokens' `sub`. */
  'keys/generate': lazySchema(() => z.object({ siteId: SiteId(), who: Who() })),
  /** The team's HS256 secret; kept non-extractable, never shown again. */
  'keys/import-secret': lazySchema(() => z.object({ siteId: SiteId(), secret: z.string().check(z.minLength(1), z.maxLength(4096)), who: Who() })),
  'keys/revoke': lazySchema(() => z.object({ siteId: SiteId() })),

  // Share links. See lib/background/share.ts and docs/scenarios.md.
  /** "Copy share link": the tab's page with its overrides on its site in the fragment. */
  'share/link': lazySchema(() => z.object({ tabId: TabId(), name: z.optional(z.string().check(z.trim(), z.maxLength(MAX_NAME_CHARS))) })),
  /** The share link the tab's page was opened with, if one waits for the person's answer. */
  'share/offer': lazySchema(() => z.object({ tabId: TabId() })),
  /** Apply, clicked on the offer for `fragment` (the link shown); unknown flags too only when ticked. */
  'share/apply': lazySchema(() => z.object({ tabId: TabId(), fragment: z.string().check(z.minLength(1), z.maxLength(MAX_PAYLOAD_CHARS + 20)), withUnknown: z.boolean() })),
  'share/dismiss': lazySchema(() => z.object({ tabId: TabId(), fragment: z.string().check(z.maxLength(MAX_PAYLOAD_CHARS + 20)) })),
  // Runs: all variants of a flag, or combinations, captured step by step. See lib/background/runs.ts.
  /** Starts a run in the tab over `keys` (all-variants names its one flag itself). */
  'runs/start': lazySchema(() => z.object({ tabId: TabId(), siteId: SiteId(), strategy: StrategySchema(), keys: z._default(z.array(FlagKey()).check(z.maxLength(16)), []) })),
  /** The run going on, or the last one; null when there was none since the browser started. */
  'runs/status': lazySchema(() => z.object({})),
  'runs/pause': lazySchema(() => z.object({})),
  'runs/resume': lazySchema(() => z.object({})),
  /** Stops after the step in progress; the tab gets back its overrides from before the run. */
  'runs/cancel': lazySchema(() => z.object({})),
  /**
   * A run of the gallery as a sign-off attaches it (steps, captures, a contact sheet drawn in the
   * worker), for the side panel opened by "Sign off with this gallery".
   */
  'runs/gallery': lazySchema(() => z.object({ runId: z.string().check(z.minLength(1), z.maxLength(200)) })),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = z.infer<ReturnType<(typeof RequestSchemas)[T]>>;

/** What the popup needs to draw one tab. */
export interface PopupState extends OverridesView {
  tabId: number;
  /** The tab's URL when Flagtab may see it (a configured site, or the popup was clicked). */
  tabUrl?: string;
  /** The configured site this tab is on, if any. */
  site?: Pick<Site, 'id' | 'name' | 'hosts' | 'expiryMinutes'>;
  /** The site's saved scenarios (lib/scenarios). */
  scenarios?: Scenario[];
  catalogue?: CatalogueView;
  /** What the page in this tab was seen to use, and how Flagtab looks (see lib/detect). */
  page?: PageView;
  /** Set when this tab's current page went out without its overrides (seen on the request as sent). */
  loadedWithout?: LoadWarning;
  /** Set when the site's signed transport is on: signed with which key, or not (no key). */
  signing?: SigningState;
  /**
   * Set when the site's query transport is on: the parameter as it shows in the address, and
   * whether the tab's address carries it now (after a reset it still may, until reloaded).
   */
  address?: { param: string; carried: boolean };
  /**
   * Transports that are on but have no usable secret (none stored, or stored for other hosts):
   * they send nothing. Absent when there are none.
   */
  missingSecrets?: MissingSecret[];
}

/** A transport that sends nothing for want of its secret (the Vercel cookie's FLAGS_SECRET). */
export interface MissingSecret {
  /** "Vercel Flags SDK overrides cookie (…)": the transport's label. */
  transport: string;
  /** "FLAGS_SECRET" */
  secret: string;
  /** The secret is stored, but for other hosts than the site's (the hosts changed since). */
  otherHosts: boolean;
}

/** What pages are shown of a site's signing key: never the key, nor an HS256 secret. */
export interface SigningKeyInfo {
  kind: 'ed25519' | 'hs256';
  kid: string;
  createdAt: number;
  who?: string;
  /** Ed25519: the public key as a JWK (RFC 8037). */
  publicJwk?: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  /** Ed25519: the line for the server's authorized keys (`ed25519 <x> <kid>`). */
  line?: string;
}

/** Whether this tab's overrides for the site go signed (wire v2), as far as Flagtab can know. */
export type SigningState =
  | { status: 'signed'; kid: string; kind: 'ed25519' | 'hs256' }
  /** The site's signed transport is on, but it has no key: overrides go without the signed header. */
  | { status: 'no-key' };

export interface ResponseMap {
  'popup/state': PopupState;
  'overrides/set': OverridesView;
  'overrides/clear': OverridesView;
  'overrides/reset': OverridesView;
  'overrides/set-many': OverridesView;
  /** `opened`: the start path's address the tab was sent to. */
  'scenarios/apply': OverridesView & { opened?: string };
  'scenarios/save': { scenario: Scenario; replaced: boolean; scenarios: Scenario[] };
  /** The scenario the tab is in now, and where it stands in the cycle (1-based). */
  'scenarios/next': OverridesView & { scenario: string; position: number; of: number };
  'catalogue/refresh': PopupState;
  'page/outline': { on: boolean; applied: boolean };
  'tab/reload': { reloaded: true };
  'connection/test': ConnectionDiagnosis;
  'signoff/draft': SignOffDraft;
  'signoff/screenshot': ScreenshotResult;
  'signoff/submit': OutboxActionResult;
  'outbox/list': OutboxView;
  'outbox/wake': OutboxView;
  'outbox/retry': OutboxActionResult;
  'outbox/discard': OutboxActionResult;
  'outbox/edit': OutboxActionResult;
  'history/list': HistoryView;
  'history/screenshot': Screenshot | null;
  'history/drop-screenshot': { dropped: true };
  'history/remove': { removed: true };
  'history/export': { filename: string; text: string; type: string };
  'tracker/test': TrackerCheck;
  'sites/check-hosts': { ok: true } | { ok: false; message: string };
  'config/read': LoadResult;
  'policy/sync': { synced: true };
  'keys/get': { key: SigningKeyInfo | null };
  'keys/generate': { key: SigningKeyInfo | null };
  'keys/import-secret': { key: SigningKeyInfo | null };
  'keys/revoke': { key: SigningKeyInfo | null };
  'share/link': ShareLinkResult;
  'share/offer': { offer: ShareOfferView | null };
  'share/apply': { applied: string[] };
  'share/dismiss': { dismissed: true };
  'runs/start': RunView;
  'runs/status': RunView | null;
  'runs/pause': RunView | null;
  'runs/resume': RunView | null;
  'runs/cancel': RunView | null;
  'runs/gallery': SignOffGallery;
}

export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  data: RequestOf<T>;
}

/** Replies carry errors as values: thrown errors lose their message across the message port. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: ReplyError };
