import type { JsonValue } from '../json';

/**
 * A QA sign-off: the verdict a tester gives a ticket, her notes, an optional screenshot, and the
 * evidence of the exact flag state she checked under. It is saved (outbox.ts) before any request
 * is made, and every comment posted from it carries its id, so a retry can tell whether the
 * comment already exists and nothing is posted twice.
 */
export const VERDICTS = ['passed', 'failed', 'blocked'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = { passed: 'Passed', failed: 'Failed', blocked: 'Blocked' };

/** One flag as the page used it, for the evidence block. */
export interface ActiveFlag {
  key: string;
  /** Absent when the page marks the flag without saying its value. */
  value?: JsonValue;
  /** Who said so, in words ("server echo header", "OpenFeature SDK"). */
  source: string;
}

export interface Evidence {
  url: string;
  site: { id: string; name: string };
  /** The provider environment the catalogue is for, when known. */
  environment?: string;
  /**
   * The saved scenario the tab was in: its values were exactly the overrides when the evidence
   * was collected ("New checkout, banner B"). Absent when they matched none.
   */
  scenario?: string;
  /** Every override in the tab and its value. */
  overrides: Record<string, JsonValue>;
  /** The flags the page reported (lib/detect), overridden ones first. */
  activeFlags: ActiveFlag[];
  /** How many more flags the page reported than `activeFlags` lists (it is capped). */
  moreActiveFlags?: number;
  /**
   * True when the page was controlled by its own service worker: requests that worker made
   * itself carried no overrides (they have no tab), so the sign-off says so.
   */
  serviceWorker?: boolean;
  /** What the site's server said about the signed overrides (wire v2), in words, with the key. */
  server?: string;
  /** Set when the page went out without the tab's overrides: what the tester was told (lib/overrides/documents). */
  pageLoad?: string;
  /** e.g. "Chrome 142.0.7444.59" */
  browser: string;
  flagtabVersion: string;
  /** Who signed off, as the tester gave it (name or e-mail); the tracker account posts it. */
  who?: string;
  /** When the tester pressed Send (epoch ms). */
  at: number;
}

export interface SignOff {
  /** `so-` and 20 random base32 characters: unique, short enough to sit in a comment. */
  id: string;
  siteId: string;
  /** The ticket as the tracker names it: "SHOP-142", "acme/shop#12", "group/project#7", "ENG-12", "4711". */
  ticket: string;
  verdict: Verdict;
  /** Markdown as typed. */
  notes: string;
  /** A PNG of the tab, base64 without the data: prefix; absent when dropped. */
  screenshot?: { base64: string; width?: number; height?: number };
  evidence: Evidence;
  /** The run whose gallery is attached: its steps for the evidence, its images for the tracker. */
  gallery?: SignOffGallery;
  createdAt: number;
}

/** One step of a run as the sign-off tells it: its values, then what the page reported or why it failed. */
export interface GalleryStepEvidence {
  values: Record<string, JsonValue>;
  /** flag key → what the page said it used (and which source said so); absent when the step failed. */
  reported?: Record<string, { value?: JsonValue; source: string }>;
  /** Why the step failed; absent when it was taken. */
  failed?: string;
}

/** A PNG of the gallery: a step's capture ("step-2.png") or the contact sheet ("contact-sheet.png"). */
export interface GalleryImage {
  name: string;
  base64: string;
}

/**
 * A run's gallery attached to a sign-off. The images travel with the sign-off but are stored
 * apart from its words (like the screenshot), so the outbox's document stays small.
 */
export interface SignOffGallery {
  runId: string;
  /** "All variants of hero-banner" */
  label: string;
  steps: GalleryStepEvidence[];
  images?: GalleryImage[];
}

/** The text every posted comment carries, so a retry can find it. */
export function signOffMarker(id: string): string {
  return `flagtab-sign-off:${id}`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** @example newSignOffId(() => 0) === 'so-aaaaaaaaaaaaaaaaaaaa' */
export function newSignOffId(random: () => number = Math.random): string {
  let id = 'so-';
  for (let i = 0; i < 20; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return id;
}
