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

/** A sign-off as the side panel sends it. The id ends up in storage keys and comments: keep it strict. */
export const SignOffSchema = z.object({
  id: z.string().regex(/^so-[a-z2-7]{20}$/, 'must be a sign-off id from newSignOffId()'),
  siteId: z.string().min(1),
  ticket: z.string().trim().min(1, 'name the ticket'),
  verdict: z.enum(VERDICTS),
  notes: z.string(),
  screenshot: ScreenshotSchema.optional(),
  evidence: EvidenceSchema,
  createdAt: z.number(),
}) satisfies z.ZodType<SignOff>;

/** The sign-off as stored with its item: the screenshot sits under its own key. */
export const StoredSignOffSchema = SignOffSchema.omit({ screenshot: true });
export type StoredSignOff = z.infer<typeof StoredSignOffSchema>;
