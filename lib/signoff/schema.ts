import { z } from 'zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { VERDICTS, type SignOff } from './signoff';

/**
 * The sign-off record as zod reads it: what the side panel sends (lib/messaging) and what the
 * outbox and the history keep. Apart from signoff.ts so the side panel's types bring no zod.
 */

const ActiveFlagSchema = z.object({ key: z.string(), value: JsonValueSchema.optional(), source: z.string() });

export const EvidenceSchema = z.object({
  url: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  environment: z.string().optional(),
  scenario: z.string().max(200).optional(),
  overrides: DictSchema(JsonValueSchema),
  activeFlags: z.array(ActiveFlagSchema),
  moreActiveFlags: z.number().int().min(1).optional(),
  serviceWorker: z.boolean().optional(),
  server: z.string().max(500).optional(),
  pageLoad: z.string().max(500).optional(),
  browser: z.string(),
  flagtabVersion: z.string(),
  who: z.string().optional(),
  at: z.number(),
});

export const ScreenshotSchema = z.object({ base64: z.string().min(1), width: z.number().optional(), height: z.number().optional() });

const ReportedSchema = z.object({ value: JsonValueSchema.optional(), source: z.string() });

/** Names the trackers prefix with the sign-off's id: Flagtab's own, so no escaping is needed where they are written. */
export const GalleryImageSchema = z.object({ name: z.string().regex(/^[a-z0-9-]{1,40}\.png$/, 'must be a gallery image name like "step-1.png"'), base64: z.string().min(1) });

/** A run's gallery without its images: what the outbox keeps with the item. */
export const GalleryWordsSchema = z.object({
  runId: z.string().min(1).max(200),
  label: z.string().max(500),
  steps: z.array(z.object({
    values: DictSchema(JsonValueSchema),
    reported: DictSchema(ReportedSchema).optional(),
    failed: z.string().max(1000).optional(),
  })).max(64),
});

export const GallerySchema = GalleryWordsSchema.extend({ images: z.array(GalleryImageSchema).max(65).optional() });

/** A sign-off as the side panel sends it. The id ends up in storage keys and comments: keep it strict. */
export const SignOffSchema = z.object({
  id: z.string().regex(/^so-[a-z2-7]{20}$/, 'must be a sign-off id from newSignOffId()'),
  siteId: z.string().min(1),
  ticket: z.string().trim().min(1, 'name the ticket'),
  verdict: z.enum(VERDICTS),
  notes: z.string(),
  screenshot: ScreenshotSchema.optional(),
  evidence: EvidenceSchema,
  gallery: GallerySchema.optional(),
  createdAt: z.number(),
}) satisfies z.ZodType<SignOff>;

/** The sign-off as stored with its item: the screenshot and the gallery's images sit under keys of their own. */
export const StoredSignOffSchema = SignOffSchema.omit({ screenshot: true, gallery: true }).extend({ gallery: GalleryWordsSchema.optional() });
export type StoredSignOff = z.infer<typeof StoredSignOffSchema>;
