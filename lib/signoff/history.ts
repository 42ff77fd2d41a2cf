import { z } from '../zod';
import { createSerialQueue } from '../serial';
import { DuplicatesSchema, type Duplicates } from './duplicates';
import { TRACKER_IDS, type PostedComment, type TrackerId } from './tracker';
import { commentParts } from './format';
import { ScreenshotSchema, StoredSignOffSchema } from './schema';
import { VERDICT_LABELS, type SignOff } from './signoff';
import { STORED, storageKey } from '../storage/keys';

/**
 * The sign-offs that reached their ticket, kept in storage.local: per ticket, with a link to
 * each comment. The outbox adds an entry once the comment is known to exist. Entries are small
 * and live in one document; a screenshot is kept (under a key of its own) only when the tracker
 * did not take it — GitHub's REST API cannot upload images — so the person can save it later.
 * Only the background writes here (one writer, one queue), like the outbox.
 */
export const HISTORY_KEY = STORED.history.key;
export const historyScreenshotKey = (id: string) => storageKey(STORED.historyScreenshot, id);
/** Years of sign-offs at human pace; beyond it the oldest go, with their screenshots. */
export const HISTORY_LIMIT = 2_000;

export const HistoryEntrySchema = z.object({
  signOff: StoredSignOffSchema(),
  /** `address`: which instance (see trackerAddress); absent in entries kept before it was. */
  tracker: z.object({ id: z.enum(TRACKER_IDS), label: z.string(), address: z.optional(z.string().check(z.maxLength(2000))) }),
  comment: z.object({ url: z.string(), id: z.string(), screenshotUrl: z.optional(z.string()) }),
  postedAt: z.number(),
  /** The sign-off's comment was there twice: which one was kept, which were deleted. */
  duplicates: z.optional(DuplicatesSchema),
  hadScreenshot: z.boolean(),
  /** Flagtab holds the screenshot (the tracker did not take it): offer "Save screenshot". */
  screenshotKept: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type Screenshot = NonNullable<SignOff['screenshot']>;

export interface HistoryStorage {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** What the outbox hands over for a posted sign-off. */
export interface PostedSignOff {
  signOff: z.infer<ReturnType<typeof StoredSignOffSchema>>;
  tracker: { id: TrackerId; label: string; address?: string | undefined };
  comment: PostedComment;
  postedAt: number;
  duplicates?: Duplicates;
}

/**
 * @example
 * const history = createHistory(browser.storage.local);
 * await history.add({ signOff, tracker: { id: 'github', label: 'GitHub' }, comment, postedAt: Date.now() }, screenshot);
 * exportMarkdown(await history.forTicket('acme/shop#12'));
 */
export function createHistory(storage: HistoryStorage, options: { limit?: number } = {}) {
  const limit = options.limit ?? HISTORY_LIMIT;
  /** Runs each task after every earlier one, so two quick changes cannot interleave. */
  const serial = createSerialQueue();

  /** Raw entries (an unreadable one is kept as it is, never dropped by a rewrite). */
  async function readRaw(): Promise<unknown[]> {
    const raw = (await storage.get(HISTORY_KEY))[HISTORY_KEY] as { entries?: unknown } | undefined;
    return Array.isArray(raw?.entries) ? [...raw.entries] : [];
  }
  const parse = (raw: unknown) => {
    const parsed = HistoryEntrySchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };
  const idOf = (raw: unknown) => parse(raw)?.signOff.id;
  async function entries(): Promise<HistoryEntry[]> {
    return (await readRaw()).map(parse).filter((e): e is HistoryEntry => e !== undefined).sort((a, b) => b.postedAt - a.postedAt);
  }

  return {
    /**
     * Records a posted sign-off; adding the same sign-off again replaces it (the outbox may
     * hand one over twice when the worker stopped between the two writes).
     */
    add(posted: PostedSignOff, screenshot?: Screenshot): Promise<HistoryEntry> {
      return serial(async () => {
        const keep = screenshot !== undefined && !posted.comment.screenshotUrl;
        const entry = HistoryEntrySchema.parse({ ...posted, hadScreenshot: screenshot !== undefined, screenshotKept: keep });
        const id = entry.signOff.id;
        const all = (await readRaw()).filter((raw) => idOf(raw) !== id);
        all.push(entry);
        // Oldest first in storage: what falls off the front is the oldest.
        const dropped = all.length > limit ? all.splice(0, all.length - limit) : [];
        await storage.set({ [HISTORY_KEY]: { entries: all }, ...(keep ? { [historyScreenshotKey(id)]: screenshot } : {}) });
        const gone = dropped.map(idOf).filter((d): d is string => d !== undefined).map(historyScreenshotKey);
        if (gone.length) await storage.remove(gone);
        return entry;
      });
    },

    /** Whether the sign-off is here (posted): the outbox refuses to send it again. */
    has: (id: string) => serial(async () => (await readRaw()).some((raw) => idOf(raw) === id)),

    /** Every entry, newest first. */
    list: () => serial(entries),

    /** The sign-offs of one ticket (of one tracker, when given), newest first. */
    forTicket: (ticket: string, trackerId?: TrackerId) =>
      serial(async () => (await entries()).filter((e) => e.signOff.ticket === ticket && (!trackerId || e.tracker.id === trackerId))),

    /** The kept screenshot, for "Save screenshot"; undefined when the tracker took it or it was dropped. */
    screenshot: (id: string) =>
      serial(async () => {
        const parsed = ScreenshotSchema().safeParse((await storage.get(historyScreenshotKey(id)))[historyScreenshotKey(id)]);
        return parsed.success ? parsed.data : undefined;
      }),

    /** Forgets a kept screenshot (saved elsewhere, or not wanted) to free storage. */
    dropScreenshot: (id: string) =>
      serial(async () => {
        const all = await readRaw();
        const next = all.map((raw) => (idOf(raw) === id ? { ...(raw as HistoryEntry), screenshotKept: false } : raw));
        await storage.set({ [HISTORY_KEY]: { entries: next } });
        await storage.remove(historyScreenshotKey(id));
      }),

    /** Removes an entry from Flagtab's history (the comment stays on the ticket). */
    remove: (id: string) =>
      serial(async () => {
        await storage.set({ [HISTORY_KEY]: { entries: (await readRaw()).filter((raw) => idOf(raw) !== id) } });
        await storage.remove(historyScreenshotKey(id));
      }),
  };
}

export type History = ReturnType<typeof createHistory>;

/** Entries per ticket (and tracker: "4711" may name tickets in two trackers), newest ticket first. */
export function groupByTicket(entries: readonly HistoryEntry[]): { ticket: string; tracker: HistoryEntry['tracker']; entries: HistoryEntry[] }[] {
  const groups = new Map<string, { ticket: string; tracker: HistoryEntry['tracker']; entries: HistoryEntry[] }>();
  for (const entry of [...entries].sort((a, b) => b.postedAt - a.postedAt)) {
    const key = `${entry.tracker.id}\u0000${entry.signOff.ticket}`;
    const group = groups.get(key) ?? { ticket: entry.signOff.ticket, tracker: entry.tracker, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A URL a Markdown reader will link and cannot break out of; anything else as inline code. */
function link(url: string): string {
  if (/^https?:\/\//i.test(url)) return `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;
  return code(url);
}
function code(raw: string): string {
  const text = raw.replace(/\r\n|\r|\n/g, ' '); // a line break could end the list item
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ` ${text} ` : text}${fence}`;
}
/** Text that Markdown must not read as markup (a site named "*new*", a ticket "[x](y)"); one line. */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/\s+/g, ' ');
}

/**
 * The history as a Markdown report: one section per ticket, each sign-off with its verdict,
 * link, evidence, overrides, flags on the page and notes (quoted Markdown, raw HTML escaped).
 *
 * @example exportMarkdown(await history.list()).startsWith('# Flagtab QA sign-offs')
 */
export function exportMarkdown(entries: readonly HistoryEntry[]): string {
  const lines = ['# Flagtab QA sign-offs', ''];
  if (entries.length === 0) lines.push('No sign-offs yet.', '');
  for (const group of groupByTicket(entries)) {
    lines.push(`## ${plain(group.ticket)} (${plain(group.tracker.label)})`, '');
    for (const entry of group.entries) {
      const parts = commentParts(entry.signOff);
      lines.push(`### ${plain(parts.title)}`, '');
      lines.push(`- Comment: ${link(entry.comment.url)}`);
      lines.push(`- Posted: ${new Date(entry.postedAt).toISOString()}`);
      if (entry.hadScreenshot) {
        lines.push(`- Screenshot: ${entry.comment.screenshotUrl ? link(entry.comment.screenshotUrl) : entry.screenshotKept ? 'kept in Flagtab (not uploaded to the tracker)' : 'not kept'}`);
      }
      for (const [label, value] of parts.evidence) lines.push(`- ${label}: ${label === 'URL' ? link(value) : plain(value)}`);
      lines.push(`- Sign-off id: ${code(parts.marker)}`, '');
      if (parts.overrides.length) lines.push('Overrides:', '', ...parts.overrides.map((o) => `- ${code(o)}`), '');
      if (parts.activeFlags.length) lines.push('Flags on the page:', '', ...parts.activeFlags.map((f) => `- ${code(f)}`), '');
      // The notes stay Markdown, quoted; `<` is escaped so no raw HTML comes alive in a viewer.
      if (parts.notes) lines.push('Notes:', '', ...parts.notes.split(/\r\n|\r|\n/).map((line) => `> ${line.replace(/</g, '\\<')}`.trimEnd()), '');
    }
  }
  return lines.join('\n');
}

/**
 * The history as JSON for other tools: every entry without screenshot data (those stay in
 * Flagtab; `screenshotKept` says which can be saved from there).
 */
export function exportJson(entries: readonly HistoryEntry[], exportedAt?: number): string {
  const signOffs = [...entries].sort((a, b) => b.postedAt - a.postedAt).map((e) => ({
    id: e.signOff.id,
    ticket: e.signOff.ticket,
    tracker: e.tracker,
    verdict: e.signOff.verdict,
    verdictLabel: VERDICT_LABELS[e.signOff.verdict],
    notes: e.signOff.notes,
    comment: e.comment,
    postedAt: new Date(e.postedAt).toISOString(),
    hadScreenshot: e.hadScreenshot,
    screenshotKept: e.screenshotKept,
    evidence: e.signOff.evidence,
  }));
  return `${JSON.stringify({ format: 'flagtab-sign-offs', version: 1, ...(exportedAt !== undefined ? { exportedAt: new Date(exportedAt).toISOString() } : {}), signOffs }, null, 2)}\n`;
}
