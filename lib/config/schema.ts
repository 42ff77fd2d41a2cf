import { z } from '../zod';

/**
 * A host a site covers: an exact host name ("shop.example.com", "localhost", "127.0.0.1")
 * or a wildcard ("*.example.com", which covers example.com and every subdomain).
 * Ports are not part of a host: an override applies on every port of the host.
 */
export const HostPatternSchema = deferred(() => z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be a host name like "shop.example.com" or "*.example.com" (no scheme, port or path)',
  ),
  z.describe('A host name like "shop.example.com", or "*.example.com" for example.com and all its subdomains.'),
));

import { CatalogueSourceSchema } from '../providers/sources';
import { checkTicketPattern } from '../tickets/pattern-safety';
import { TrackerTargetSchema } from '../trackers/targets';
import { TransportsSchema } from '../transports/settings';
import { HeaderNameSchema } from '../transports/header/settings';
import { deferred } from '../lazy-schema';

export { CatalogueSourceSchema, type CatalogueSource } from '../providers/sources';

export { TransportsSchema, type Transports } from '../transports/settings';

/** The echo header apps send back by default: the flags the response used, in the wire format. */
export const DEFAULT_ECHO_HEADER = 'X-Feature-Flags-Applied';

/**
 * How Flagtab learns which flags the page really used. Each source can be switched off; none
 * of them runs on a site that is not configured.
 */
export const DetectionSchema = deferred(() => z.object({
  /** A response header the app sends with the values it used (same encoding as the wire format). */
  echoHeader: z._default(z.object({ enabled: z.boolean(), name: HeaderNameSchema }), { enabled: true, name: DEFAULT_ECHO_HEADER })
    .check(z.describe('A response header in which the app tells which flag values it used, in the wire format.')),
  /** Read `<meta name="feature-flags">`, `<script data-flag-values>` and `data-feature-flag` elements. */
  markers: z._default(z.boolean(), true).check(z.describe('Read <meta name="feature-flags">, <script data-flag-values> and data-feature-flag elements.')),
  /** Watch the evaluations of client-side SDKs in the page (OpenFeature, GrowthBook, Unleash, LaunchDarkly). */
  sdks: z._default(z.boolean(), true).check(z.describe('Watch the flag evaluations of OpenFeature, GrowthBook, Unleash, LaunchDarkly, PostHog, Flagsmith, Statsig and ConfigCat SDKs in the page.')),
  /** Also apply this tab's overrides inside those SDKs, for flags evaluated in the browser. */
  forceInSdks: z._default(z.boolean(), true).check(z.describe("Apply the tab's overrides inside those SDKs too.")),
}));
export type Detection = z.infer<typeof DetectionSchema>;
export const DEFAULT_DETECTION: Detection = {
  echoHeader: { enabled: true, name: DEFAULT_ECHO_HEADER },
  markers: true,
  sdks: true,
  forceInSdks: true,
};

export const DEFAULT_EXPIRY_MINUTES = 8 * 60;
/** The longest an override may last: a week. */
export const MAX_EXPIRY_MINUTES = 7 * 24 * 60;

export const SiteSchema = deferred(() => z.object({
  /** Stable id, used in storage keys; letters, digits and dashes. */
  id: z.string().check(
    z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes'),
    z.describe('Stable id of the site: lowercase letters, digits and dashes.'),
  ),
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.describe('The name testers see.')),
  hosts: z.array(HostPatternSchema).check(
    z.minLength(1, 'must list at least one host'),
    z.describe('The hosts overrides are sent to. A host belongs to one site only.'),
  ),
  catalogue: CatalogueSourceSchema,
  transports: z.prefault(TransportsSchema, {}).check(z.describe('How overrides reach the site: a request header, a cookie, a header signed with the site\'s key (wire v2), a query parameter, a header marking test traffic, and vendor formats (GrowthBook _gbdebug, Eppo x-eppo-overrides, the Vercel Flags cookie).')),
  /** How long overrides last before they switch themselves off. */
  expiryMinutes: z._default(
    z.number().check(z.positive('must be more than 0'), z.maximum(MAX_EXPIRY_MINUTES, 'must be at most 7 days (10080 minutes)')),
    DEFAULT_EXPIRY_MINUTES,
  ).check(z.describe('Minutes until an override switches itself off.')),
  detection: z._default(DetectionSchema, DEFAULT_DETECTION).check(
    z.describe('How Flagtab sees which flags the page used: an echo response header, page markers, and client-side SDKs.'),
  ),
  tracker: z.optional(TrackerTargetSchema).check(
    z.describe('Where QA sign-offs are posted: Jira Cloud or Data Center, GitHub, GitLab, Linear or Azure DevOps.'),
  ),
  /** A regular expression for ticket keys in flag tags, links and descriptions; empty for the defaults. */
  ticketPattern: z.optional(
    z.string().check(
      z.maxLength(500),
      z.refine(isUsableRegex, 'must be a regular expression, like "SHOP-\\d+" or "(SHOP|PAY)-\\d+"'),
      // It runs on the provider's text in the background: a pattern that backtracks for ever is refused.
      z.superRefine((source, ctx) => {
        const safe = checkTicketPattern(source);
        if (!safe.ok) ctx.addIssue({ code: 'custom', message: safe.error });
      }),
    ),
  ).check(z.describe('Regular expression for ticket keys; default finds Jira keys (ABC-123) and GitHub issues (#123, owner/repo#123). No repeated group that repeats or branches inside, such as (a|aa)+.')),
  /** Sign-off evidence keeps the page URL's query and fragment (off: they often carry tokens). */
  evidenceFullUrl: z.optional(z.boolean()).check(
    z.describe('Keep the query string and #fragment of the page URL in sign-off evidence. Off (the default), evidence has the origin and path only: queries and fragments often carry tokens.'),
  ),
}));
export type Site = z.infer<typeof SiteSchema>;
export type SiteInput = z.input<typeof SiteSchema>;

function isUsableRegex(source: string): boolean {
  try {
    // A pattern that matches the empty string would tag every flag with nothing useful.
    return !new RegExp(source, 'u').test('');
  } catch {
    return false;
  }
}
