import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { lazySchema } from '../lazy-schema';
import { VERDICTS, type SignOff } from './signoff';

/**
 * The sign-off record as zod reads it: what the side panel sends (lib/messaging) and what the
 * outbox and the history keep. Apart from signoff.ts so the side panel's types bring no zod.
 * Each is built on first use (lib/lazy-schema.ts): background.js holds them for the sign-off
 * message's schema, which a wake for a click or the popup never builds. `EvidenceSchema()`
 * gives the schema; `z.infer<ReturnType<typeof EvidenceSchema>>` its type.
 */

const ActiveFlagSchema = lazySchema(() => z.object({ key: z.string(), value: z.optional(JsonValueSchema), source: z.string() }));

export const EvidenceSchema = lazySchema(() => z.object({
  url: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  environment: z.optional(z.string()),
  scenario: z.optional(z.string().check(z.maxLength(200))),
  overrides: DictSchema(JsonValueSchema),
  activeFlags: z.array(ActiveFlagSchema()),
  moreActiveFlags: z.optional(z.int().check(z.gte(1))),
  serviceWorker: z.optional(z.boolean()),
  server: z.optional(z.string().check(z.maxLength(500))),
  pageLoad: z.optional(z.string().check(z.maxLength(500))),
  browser: z.string(),
  flagtabVersion: z.string(),
  who: z.optional(z.string()),
  at: z.number(),
}));

export const ScreenshotSchema = lazySchema(() => z.object({ base64: z.string().check(z.minLength(1)), width: z.optional(z.number()), height: z.optional(z.number()) }));

const ReportedSchema = lazySchema(() => z.object({ value: z.optional(JsonValueSchema), source: z.string() }));

/** Names the trackers prefix with the sign-off's id: Flagtab's own, so no escaping is needed where they are written. */
export const GalleryImageSchema = lazySchema(() => z.object({ name: z.string().check(z.regex(/^[a-z0-9-]{1,40}\.png$/, 'must be a gallery image name like "step-1.png"')), base64: z.string().check(z.minLength(1)) }));

/** A run's gallery without its images: what the outbox keeps with the item. */
export const GalleryWordsSchema = lazySchema(() => z.object({
  runId: z.string().check(z.minLength(1), z.maxLength(200)),
  label: z.string().check(z.maxLength(500)),
  steps: z.array(z.object({
    values: DictSchema(JsonValueSchema),
    reported: z.optional(DictSchema(ReportedSchema())),
    failed: z.optional(z.string().check(z.maxLength(1000))),
  })).check(z.maxLength(64)),
}));

export const GallerySchema = lazySchema(() => z.object({ ...GalleryWordsSchema().shape, images: z.optional(z.array(GalleryImageSchema()).check(z.maxLength(65))) }));

/** A sign-off as the side panel sends it. The id ends up in storage keys and comments: keep it strict. */
export const SignOffSchema = lazySchema(() => z.object({
  id: z.string().check(z.regex(/^so-[a-z2-7]{20}$/, 'must be a sign-off id from newSignOffId()')),
  siteId: z.string().check(z.minLength(1)),
  ticket: z.string().check(z.trim(), z.minLength(1, 'name the ticket')),
  verdict: z.enum(VERDICTS),
  notes: z.string(),
  screenshot: z.optional(ScreenshotSchema()),
  evidence: EvidenceSchema(),
  gallery: z.optional(GallerySchema()),
  createdAt: z.number(),
}) satisfies z.ZodMiniType<SignOff>);

/** The sign-off as stored with its item: the screenshot and the gallery's images sit under keys of their own. */
export const StoredSignOffSchema = lazySchema(() => z.extend(z.omit(SignOffSchema(), { screenshot: true, gallery: true }), { gallery: z.optional(GalleryWordsSchema()) }));
export type StoredSignOff = z.infer<ReturnType<typeof StoredSignOffSchema>>;
