/**
 * Every document Flagtab keeps in the browser's storage, declared in one place: which area, its
 * key (or the prefix of a family of keys, one per site, tab or sign-off), the version of its
 * shape, and the module that owns its schema and reads and writes it. Free of zod, so the popup
 * and the side panel can watch these keys without bundling a schema.
 *
 * Where the shape changes, the version in the key changes with it (a new key, read beside the
 * old one by the owner's migration), except for the configuration, which keeps one key and
 * carries `{ version }` inside (lib/config/versions.ts and migrations.ts). Nothing here goes to
 * `storage.sync`: sync copies to every signed-in device, and tokens must never travel.
 *
 * @example storageKey(STORED.detection, 1366208347) === 'detect.v1:1366208347'
 */

export interface StoredDocument {
  /** 'indexeddb': a database of the extension's origin, for what JSON cannot hold (CryptoKeys). */
  area: 'local' | 'session' | 'indexeddb';
  key: string;
  version: number;
  /** What it holds, for a reader of this table. */
  holds: string;
  /** The module that owns its schema, its migrations and every write. */
  owner: string;
}

export interface StoredFamily extends Omit<StoredDocument, 'key'> {
  /** Each member is `${prefix}${id}`. */
  prefix: string;
}

export const STORED = {
  config: { area: 'local', key: 'config', version: 1, holds: 'the configuration: sites, their catalogues, trackers and settings (no secrets)', owner: 'lib/config/store.ts' },
  managedPolicy: { area: 'local', key: 'managed.v1', version: 1, holds: 'the organisation\'s policy value for "sites" (storage.managed), copied so that reads never wait for the browser\'s policy', owner: 'lib/config/store.ts' },
  managedScenarios: { area: 'local', key: 'managed.scenarios.v1', version: 1, holds: 'the person\'s scenarios of the organisation\'s sites, apart from their own configuration document (which must stand alone to export and import)', owner: 'lib/config/store.ts' },
  secrets: { area: 'local', key: 'secrets.v1', version: 1, holds: 'tokens per site and slot, each bound to the origin it was saved for', owner: 'lib/secrets/store.ts' },
  catalogueMeta: { area: 'local', prefix: 'catalogue.v2:', version: 2, holds: 'per site: when its catalogue was fetched, from which source, warnings and error', owner: 'lib/catalogue/service.ts' },
  catalogueFlags: { area: 'local', prefix: 'catalogue.flags.v2:', version: 2, holds: 'per site: the cached flags, in chunks (`#0`, `#1`…) the popup reads itself', owner: 'lib/catalogue/service.ts' },
  catalogueTickets: { area: 'local', prefix: 'catalogue.tickets.v2:', version: 2, holds: 'per site: each flag\'s tickets, for the sign-off draft', owner: 'lib/catalogue/service.ts' },
  catalogueEtags: { area: 'local', prefix: 'catalogue.etags.v3:', version: 3, holds: 'per site: ETags and the bodies they stand for (JSON text, to keep the provider\'s order)', owner: 'lib/catalogue/service.ts' },
  outbox: { area: 'local', key: 'outbox.v1', version: 1, holds: 'sign-offs waiting to be posted, with their attempts', owner: 'lib/signoff/outbox-store.ts' },
  outboxScreenshot: { area: 'local', prefix: 'outbox.v1.screenshot:', version: 1, holds: 'per waiting sign-off: its screenshot', owner: 'lib/signoff/outbox-store.ts' },
  outboxGallery: { area: 'local', prefix: 'outbox.v1.gallery:', version: 1, holds: 'per waiting sign-off: the images of its attached gallery (each step\'s capture, the contact sheet)', owner: 'lib/signoff/outbox-store.ts' },
  history: { area: 'local', key: 'history.v1', version: 1, holds: 'posted sign-offs per ticket, with links to the comments', owner: 'lib/signoff/history.ts' },
  historyScreenshot: { area: 'local', prefix: 'history.v1.screenshot:', version: 1, holds: 'per posted sign-off: the screenshot kept where the tracker has none', owner: 'lib/signoff/history.ts' },
  signOffMemory: { area: 'local', key: 'signoff.memory.v1', version: 1, holds: 'the last ticket per site and the tester\'s name', owner: 'lib/background/signoff-work.ts' },
  signOffsUnsent: { area: 'local', key: 'signoff.unsent.v1', version: 1, holds: 'sign-offs sent while the background could not load its work script (lib/background/load-work.ts), as the side panel sent them: submitted to the outbox once it loads', owner: 'lib/background/signoff.ts' },
  configSnapshot: { area: 'session', key: 'config.snapshot.v1', version: 1, holds: 'the configuration as the background last read and validated it, with the text of the stored documents it came from: a wake that finds the same documents uses it without validating again', owner: 'lib/config/snapshot.ts' },
  overrides: { area: 'session', key: 'overrides.v1', version: 1, holds: 'every tab\'s overrides per site, with when they were set and expire', owner: 'lib/overrides/state.ts' },
  documents: { area: 'session', key: 'documents.v1', version: 1, holds: 'per tab: whether its page\'s document went out with the overrides', owner: 'lib/overrides/documents.ts' },
  detection: { area: 'session', prefix: 'detect.v1:', version: 1, holds: 'per tab: what its page was seen to use', owner: 'lib/detect/store.ts' },
  shareOffers: { area: 'session', key: 'share.offers.v1', version: 1, holds: 'per tab: the share link its page was opened with, waiting for Apply or Dismiss, and the links already answered', owner: 'lib/share/offers.ts' },
  run: { area: 'session', key: 'run.v1', version: 1, holds: 'the run going on (or the last one): its steps, the next step, each step\'s result, the tab\'s overrides before it', owner: 'lib/runs/state.ts' },
  gallery: { area: 'local', key: 'gallery.v1', version: 1, holds: 'the latest runs for the gallery: each step\'s values, what the page reported, or why the step failed (no images)', owner: 'lib/runs/gallery-store.ts' },
  galleryImage: { area: 'local', prefix: 'gallery.v1.image:', version: 1, holds: 'per run and step (`<run>:<step>`): its capture, a base64 PNG', owner: 'lib/runs/gallery-store.ts' },
  signingKeys: { area: 'indexeddb', key: 'signing-keys.v1', version: 1, holds: 'per site: the non-extractable key that signs its overrides (wire v2), and its public half', owner: 'lib/secrets/key-db.ts' },
} as const satisfies Record<string, StoredDocument | StoredFamily>;

/** The key of one member of a family: a site's, a tab's or a sign-off's. */
export function storageKey(family: StoredFamily, id: string | number): string {
  return `${family.prefix}${id}`;
}
