import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import type { Signer } from '../overrides/signing';
import { TRANSPORT_METAS, type TransportId } from '../transports/meta-registry';
import type { Site } from '../config/schema';
import { loadCatalogue, type LoadedCatalogue } from './catalogue';
import { readConfigText, type LoadedConfig } from './config';
import { UsageError } from './errors';
import { signerFromKeyFile, signerFromTeamSecret } from './signer';

/**
 * The Node side of the automation tools: files and environment variables. Everything here reads
 * the same names, so the fixture and the command are configured alike:
 *
 * - FLAGTAB_CONFIG: the exported configuration (default ./flagtab-config.json);
 * - FLAGTAB_KEY_FILE: a key file from `flagtab keygen`, or FLAGTAB_TEAM_SECRET: the team's secret;
 * - FLAGTAB_SUB: who signs (the tokens' `sub`);
 * - FLAGTAB_CATALOGUE_TOKEN: the flag provider's token, to check flags against the catalogue;
 * - FLAGTAB_SECRET_<TRANSPORT>: a transport's secret (FLAGTAB_SECRET_VERCEL).
 */
export const DEFAULT_CONFIG_FILE = 'flagtab-config.json';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration export at `path` (or FLAGTAB_CONFIG, or ./flagtab-config.json). */
export function readConfigFile(path?: string, env: Env = process.env): LoadedConfig {
  // An empty variable is an unset one (CI systems often export empty values).
  const file = resolve(path || env.FLAGTAB_CONFIG || DEFAULT_CONFIG_FILE);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UsageError(`no Flagtab configuration at ${file}: export it from Flagtab's options page (Export) and save it there, or give its path (--config, FLAGTAB_CONFIG, or the fixture's config option).`);
  }
  return readConfigText(readFileSync(file, 'utf8'), file);
}

/** The signer the environment (or an explicit key file) names, or undefined: unsigned. */
export async function signerFromEnvironment(options: { keyFile?: string; sub?: string } = {}, env: Env = process.env): Promise<Signer | undefined> {
  const keyFile = options.keyFile || env.FLAGTAB_KEY_FILE;
  const sub = options.sub || env.FLAGTAB_SUB;
  if (keyFile) {
    const file = resolve(keyFile);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no key file at ${file}: make one with "npx flagtab keygen --sub ci@your.org --out ${keyFile}".`);
    return signerFromKeyFile(readFileSync(file, 'utf8'), file, sub);
  }
  if (env.FLAGTAB_TEAM_SECRET) return signerFromTeamSecret(env.FLAGTAB_TEAM_SECRET, sub ?? 'automation');
  return undefined;
}

/**
 * The site's catalogue, fetched with FLAGTAB_CATALOGUE_TOKEN or the token the export carried,
 * over `loopbackFetch`: what the fixture and the command check flags and values against.
 */
export function loadSiteCatalogue(loaded: LoadedConfig, site: Site, env: Env = process.env): Promise<LoadedCatalogue> {
  const token = env.FLAGTAB_CATALOGUE_TOKEN || loaded.secrets?.[site.id]?.catalogue;
  return loadCatalogue(site, { fetch: loopbackFetch, ...(token ? { token } : {}) });
}

/** Transport secrets from FLAGTAB_SECRET_<ID> variables. */
export function transportSecretsFromEnvironment(env: Env = process.env): Partial<Record<TransportId, string>> {
  const secrets: Partial<Record<TransportId, string>> = {};
  for (const { id } of TRANSPORT_METAS) {
    const value = env[`FLAGTAB_SECRET_${id.toUpperCase()}`];
    if (value) secrets[id as TransportId] = value;
  }
  return secrets;
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * `fetch`, except that http://*.localhost goes to 127.0.0.1, as browsers and curl send it
 * (RFC 6761 §6.3); Node's resolver knows only "localhost" itself. The demo shop and local
 * development servers are addressed so.
 */
export const loopbackFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'http:' || !isLoopbackName(url.hostname) || url.hostname === 'localhost') return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set('host', url.host);
  const method = init?.method ?? 'GET';
  const body = typeof init?.body === 'string' ? init.body : undefined;
  return new Promise<Response>((done, fail) => {
    const req = request({ host: '127.0.0.1', port: url.port || 80, path: `${url.pathname}${url.search}`, method, headers: Object.fromEntries(headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : value);
        const status = res.statusCode ?? 502;
        done(new Response([101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: out }));
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    init?.signal?.addEventListener('abort', () => req.destroy(new DOMException('aborted', 'AbortError')));
    req.end(body);
  });
};
