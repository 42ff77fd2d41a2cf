/**
 * Seeds a running Unleash through its Admin API, as a person with an admin token would, and
 * makes the other kinds of token the tests need. Every call fails loudly with Unleash's answer.
 */

export interface UnleashAccess {
  url: string;
  adminToken: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A call to Unleash's API with the admin token; throws with the status and body on failure. */
export function adminApi({ url, adminToken }: UnleashAccess) {
  return async function call<T = unknown>(method: Method, path: string, body?: unknown, headers: Record<string, string> = { Authorization: adminToken }): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Unleash: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export interface SeedVariant {
  name: string;
  payload?: { type: 'string' | 'json' | 'number' | 'csv'; value: string };
}

export interface SeedFlag {
  name: string;
  type?: string;
  description?: string;
  /** Environments the flag is switched on in (a 100 % rollout strategy is added there). */
  enabledIn?: string[];
  /** Strategy variants, put on the production strategy. */
  variants?: SeedVariant[];
  tags?: { type: string; value: string }[];
  links?: { url: string; title?: string }[];
  stale?: boolean;
  archived?: boolean;
}

/** What the seeding creates in project "default": the tests and the browser test read it. */
export const SEEDED_FLAGS: SeedFlag[] = [
  {
    name: 'hero-banner',
    type: 'experiment',
    description: 'Which hero banner the shop front shows; see SHOP-142.',
    enabledIn: ['production'],
    variants: [
      { name: 'a', payload: { type: 'string', value: 'Classic' } },
      { name: 'b', payload: { type: 'string', value: 'Bold' } },
      { name: 'c', payload: { type: 'string', value: 'Minimal' } },
    ],
    tags: [{ type: 'simple', value: 'SHOP-142' }],
    links: [{ url: 'https://tracker.example.com/browse/SHOP-142', title: 'Design ticket' }],
  },
  {
    name: 'new-checkout',
    type: 'release',
    description: 'The one-page checkout.',
    enabledIn: ['production'],
    tags: [{ type: 'team', value: 'payments' }, { type: 'simple', value: 'checkout' }],
    links: [{ url: 'https://github.com/acme/shop/issues/12' }],
  },
  { name: 'dark-mode', type: 'release', description: 'Dark theme, tracked in SHOP-77.' },
  {
    name: 'price-test',
    type: 'experiment',
    enabledIn: ['development'],
    variants: [
      { name: 'low', payload: { type: 'number', value: '9.99' } },
      { name: 'high', payload: { type: 'number', value: '12.5' } },
    ],
  },
  { name: 'old-banner', type: 'release', description: 'The banner before hero-banner.', enabledIn: ['production'], stale: true },
  { name: 'retired-search', type: 'release', archived: true },
];

/** Creates SEEDED_FLAGS (or `flags`) in project "default". */
export async function seedUnleash(unleash: UnleashAccess, flags: SeedFlag[] = SEEDED_FLAGS): Promise<void> {
  const call = adminApi(unleash);
  const tagTypes = new Set(flags.flatMap((f) => f.tags ?? []).map((t) => t.type).filter((t) => t !== 'simple'));
  for (const name of tagTypes) await call('POST', '/api/admin/tag-types', { name, description: `Seeded ${name} tags` });
  for (const flag of flags) await createFlag(unleash, flag);
}

export async function createFlag(unleash: UnleashAccess, flag: SeedFlag): Promise<void> {
  const call = adminApi(unleash);
  const feature = `/api/admin/projects/default/features/${encodeURIComponent(flag.name)}`;
  await call('POST', '/api/admin/projects/default/features', { name: flag.name, type: flag.type ?? 'release', description: flag.description ?? '' });
  const strategyEnvs = new Set([...(flag.enabledIn ?? []), ...(flag.variants ? ['production'] : [])]);
  for (const env of strategyEnvs) {
    const variants = env === 'production' ? (flag.variants ?? []) : [];
    await call('POST', `${feature}/environments/${env}/strategies`, {
      name: 'flexibleRollout',
      constraints: [],
      parameters: { rollout: '100', stickiness: 'default', groupId: flag.name },
      variants: variants.map((v, i) => ({
        name: v.name,
        weightType: 'variable',
        // Weights are per mille and must add up to 1000.
        weight: Math.floor(1000 / variants.length) + (i === 0 ? 1000 % variants.length : 0),
        stickiness: 'default',
        ...(v.payload ? { payload: v.payload } : {}),
      })),
    });
  }
  for (const env of flag.enabledIn ?? []) await call('POST', `${feature}/environments/${env}/on`);
  for (const tag of flag.tags ?? []) await call('POST', `/api/admin/features/${encodeURIComponent(flag.name)}/tags`, tag);
  for (const link of flag.links ?? []) await call('POST', `${feature}/link`, link);
  if (flag.stale) await call('PATCH', feature, [{ op: 'replace', path: '/stale', value: true }]);
  if (flag.archived) await archiveFlag(unleash, flag.name);
}

/** Archives a flag (Unleash's "delete"): it leaves the catalogue. */
export async function archiveFlag(unleash: UnleashAccess, name: string): Promise<void> {
  await adminApi(unleash)('DELETE', `/api/admin/projects/default/features/${encodeURIComponent(name)}`);
}

/**
 * A Personal Access Token of a new user with the Viewer root role: the read-only token Flagtab
 * recommends. Personal tokens are made by the user themself, so this logs in as them first.
 */
export async function createViewerToken(unleash: UnleashAccess): Promise<string> {
  const call = adminApi(unleash);
  const email = `viewer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = `Viewer-${Math.random().toString(36).slice(2)}-Secret1!`;
  const VIEWER_ROLE = 3; // Unleash's predefined root roles: 1 Admin, 2 Editor, 3 Viewer
  await call('POST', '/api/admin/user-admin', { email, name: 'Flagtab viewer', rootRole: VIEWER_ROLE, password, sendEmail: false });
  const expiresAt = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
  // Once, in a full test run under load, Unleash answered the token call 401 ("no
  // authorization header") right after a successful login: log in afresh and ask again.
  for (let attempt = 1; ; attempt++) {
    const cookie = await logIn(unleash.url, email, password);
    try {
      const token = await call<{ secret: string }>('POST', '/api/admin/user/tokens', { description: 'Flagtab tests', expiresAt }, { Cookie: cookie });
      return token.secret;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('answered 401')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Logs in with Unleash's username/password form; the session cookie to send with later calls. */
async function logIn(url: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${url}/auth/simple/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`Unleash: logging in as ${username} answered ${login.status}: ${await login.text()}`);
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** A client (backend SDK) token: valid, but the Admin API refuses it (HTTP 403). */
export async function createBackendToken(unleash: UnleashAccess): Promise<string> {
  const created = await adminApi(unleash)<{ secret: string }>('POST', '/api/admin/api-tokens', {
    tokenName: `backend-${Date.now()}`,
    type: 'backend',
    environment: 'production',
    projects: ['default'],
  });
  return created.secret;
}

/**
 * A frontend API token for browser SDKs (unleash-proxy-client) in one environment, all projects.
 * Unleash's frontend API answers cross-origin calls from any origin by default
 * (`frontendApiOrigins: ['*']`), so a page on another host can use it as is.
 */
export async function createFrontendToken(unleash: UnleashAccess, { environment }: { environment: string }): Promise<string> {
  const created = await adminApi(unleash)<{ secret: string }>('POST', '/api/admin/api-tokens', {
    tokenName: `frontend-${environment}-${Date.now()}`,
    type: 'frontend',
    environment,
    projects: ['*'],
  });
  return created.secret;
}
