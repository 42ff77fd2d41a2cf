import type { Site } from '../../../lib/config/schema';
import type { Flag } from '../../../lib/flags/flag';
import type { JsonValue } from '../../../lib/json-value';
import type { Signer } from '../../../lib/overrides/signing';
import type { TransportId } from '../../../lib/transports/meta-registry';
import { dictFrom, toDict } from '../../../lib/dict';
import { findScenario, findSite, type LoadedCatalogue } from '../../../lib/automation';
import { loadSiteCatalogue, readConfigFile, signerFromEnvironment, transportSecretsFromEnvironment } from '../../../lib/automation/node';

/** What `test.use({ flagtab: … })` takes. */
export interface FlagtabOptions {
  /** The site's id or name in the exported configuration. */
  site: string;
  /** A saved scenario (id or name) whose values every test starts with. */
  scenario?: string;
  /** Values every test starts with (over the scenario's). */
  values?: Record<string, JsonValue>;
  /** The configuration export; default FLAGTAB_CONFIG, else ./flagtab-config.json. */
  config?: string;
  /** A key file from `flagtab keygen`; default FLAGTAB_KEY_FILE (or FLAGTAB_TEAM_SECRET). `false`: never sign. */
  keyFile?: string | false;
  /** Who signs (the tokens' `sub`); default FLAGTAB_SUB, else the key file's. */
  sub?: string;
  /** How long a signed token lives, in seconds (at most 3600; default 900). */
  ttlSec?: number;
  /** Secrets of transports that need one, by transport id; default FLAGTAB_SECRET_<ID>. */
  secrets?: Partial<Record<TransportId, string>>;
  /** Check flags and values against the site's catalogue before sending them (default true). */
  catalogue?: boolean;
}

/** Everything a test's overrides need, read once per worker for the same options. */
export interface Prepared {
  site: Site;
  /** The catalogue's flags; undefined when the check is off. */
  flags?: readonly Flag[];
  scenarioValues(wanted: string): Record<string, JsonValue>;
  initial: Record<string, JsonValue>;
  signer?: Signer;
  secrets: Partial<Record<TransportId, string>>;
  ttlSec?: number;
}

// Per worker: the same options give the same configuration, catalogue and signer.
const prepared = new Map<string, Promise<Prepared>>();

export function prepare(options: FlagtabOptions): Promise<Prepared> {
  const key = JSON.stringify(options);
  let entry = prepared.get(key);
  if (!entry) {
    entry = load(options);
    prepared.set(key, entry);
    // A failure (a typo in the options, the catalogue down) is not kept: the next test tries again.
    entry.catch(() => prepared.delete(key));
  }
  return entry;
}

async function load(options: FlagtabOptions): Promise<Prepared> {
  const loaded = readConfigFile(options.config);
  const site = findSite(loaded, options.site);
  let catalogue: LoadedCatalogue | undefined;
  if (options.catalogue !== false) catalogue = await loadSiteCatalogue(loaded, site);
  const signer = options.keyFile === false ? undefined : await signerFromEnvironment({ ...(options.keyFile ? { keyFile: options.keyFile } : {}), ...(options.sub ? { sub: options.sub } : {}) });
  const scenarioValues = (wanted: string) => toDict(findScenario(loaded, site, wanted).values);
  return {
    site,
    ...(catalogue ? { flags: catalogue.flags } : {}),
    scenarioValues,
    initial: dictFrom([...Object.entries(options.scenario ? scenarioValues(options.scenario) : {}), ...Object.entries(options.values ?? {})]),
    ...(signer ? { signer } : {}),
    secrets: options.secrets ?? transportSecretsFromEnvironment(),
    ...(options.ttlSec !== undefined ? { ttlSec: options.ttlSec } : {}),
  };
}
