import type { TrackerId } from '../signoff/tracker';

/**
 * What the trackers share among themselves: the deps every factory takes, and the shape of a
 * family's zod-free `meta.ts`. The port they implement (TicketTracker, TrackerError) is the
 * sign-off's: lib/signoff/tracker.ts.
 */

/** What each tracker factory gets: a fetch (a fake in tests) and the clock for timeouts. */
export interface TrackerDeps {
  fetch: typeof fetch;
  /** Milliseconds before a request counts as timed out; 20 s by default. */
  timeoutMs?: number;
}

/** The form's text fields a tracker's settings may use (lib/trackers/form.ts). */
export type TrackerTextField = 'trackerUrl' | 'trackerEmail' | 'trackerRepo' | 'trackerProject' | 'trackerOrganization';

/** One setting of a tracker's target, as the form shows it; its target.ts takes hint and default from here. */
export interface TrackerFieldMeta {
  field: TrackerTextField;
  label: string;
  /** The schema's description too: the same words as in docs/config.schema.json. */
  hint: string;
  placeholder?: string;
  /** The value an empty field means (the schema's default). */
  default?: string;
  /** True when the schema lets the setting be left out. */
  optional?: boolean;
}

/**
 * Everything the options page and the side panel say about a tracker before any request,
 * without bundling its API code or zod. `S` is what `canonicalTicket` reads of the settings.
 */
export interface TrackerMeta<S = object> {
  id: TrackerId;
  label: string;
  /** False for GitHub: its REST API cannot upload images (the screenshot stays in the history). */
  uploadsScreenshots: boolean;
  ticketExample: string;
  /** Which token to create, where, with which scopes. Every tracker needs one. */
  token: { label: string; help: string };
  /** The target's settings by their key in the schema, in the order the form shows them; the first is the address. */
  fields: Readonly<Record<string, TrackerFieldMeta>>;
  /**
   * The ticket as the tracker names it, from what a person typed (`path`: the pasted web
   * address's path, if it was one); throws a TrackerError that says how to write it.
   */
  canonicalTicket(text: string, path: string | undefined, settings: S): string;
  /** Which instance beyond the origin, where the origin alone does not say (lib/trackers/origins.ts). */
  instancePath?(settings: S): string;
  /** Origins Flagtab calls besides the tracker's own (Linear's upload host). */
  extraOrigins?(origin: string): string[];
}
