import { NextRequest, NextResponse } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { DECISION_REQUEST_HEADER, flagtab, flagtabDecision, flagtabValues, VALUES_REQUEST_HEADER } from '../../../packages/server/src/next';
import { AUTHORIZED_KEYS, cases, HOST, token } from './support';

const middleware = flagtab({ keys: AUTHORIZED_KEYS, hosts: [HOST] });

/**
 * The request headers the route behind the middleware gets, computed from the real NextResponse
 * the way Next's server reads it (next/dist/server/lib/router-utils/resolve-routes.js): every
 * request header not named in `x-middleware-override-headers` is deleted, and each named one
 * takes the value of `x-middleware-request-<name>`.
 */
function routeHeaders(request: NextRequest, response: NextResponse): Headers {
  const listed = response.headers.get('x-middleware-override-headers');
  if (listed === null) return new Headers(request.headers);
  const names = new Set(listed.split(',').map((name) => name.trim()));
  const result = new Headers();
  for (const [name, value] of request.headers) if (names.has(name)) result.set(name, value);
  for (const name of names) {
    const value = response.headers.get(`x-middleware-request-${name}`);
    if (value === null) result.delete(name);
    else result.set(name, value);
  }
  return result;
}

async function run(headers: Record<string, string>) {
  const request = new NextRequest(`https://${HOST}/checkout`, { headers });
  const response = await middleware(request);
  expect(response).toBeInstanceOf(NextResponse);
  // A pass-through to the route, not a rewrite, redirect or answer of its own.
  expect(response.headers.get('x-middleware-next')).toBe('1');
  return { request, response, route: routeHeaders(request, response) };
}

describe('@flagtab/server/next with real NextRequest and NextResponse', () => {
  it('passes a validly signed request\'s values to the route and refuses every other request, saying why', async () => {
    for (const c of await cases()) {
      const { response, route } = await run(c.headers);
      const accepted = c.status.startsWith('accepted');
      expect(response.headers.get('x-feature-flags-status'), c.name).toBe(c.status);
      expect(response.headers.get('x-feature-flags-applied'), c.name).toBe(accepted ? 'new-checkout=true' : null);
      expect(response.headers.get('cache-control'), c.name).toBe(accepted ? 'private, no-store' : null);

      expect(response.headers.get(`x-middleware-request-${DECISION_REQUEST_HEADER}`), c.name).toBe(c.status);
      expect(response.headers.get(`x-middleware-request-${VALUES_REQUEST_HEADER}`), c.name).toBe(accepted ? 'new-checkout=true' : null);
      const verdict = flagtabDecision(route);
      expect({ status: verdict.status, detail: verdict.detail, values: { ...verdict.values } }, c.name)
        .toEqual({ status: accepted ? 'accepted' : 'rejected', detail: c.status, values: c.values });
      // The request's own headers still reach the route (the cookie, here, when it carried the token).
      for (const name of Object.keys(c.headers)) expect(route.get(name), `${c.name}: ${name}`).toBe(c.headers[name]);
    }
  });

  it('says "none" to the route when the request carried no overrides, and sets no response header', async () => {
    const { response, route } = await run({ accept: 'text/html' });
    expect(response.headers.get('x-feature-flags-status')).toBeNull();
    expect(response.headers.get('cache-control')).toBeNull();
    expect(flagtabDecision(route)).toEqual({ status: 'none', detail: 'none', values: {} });
    expect(route.get('accept')).toBe('text/html');
  });

  it('removes a client\'s own copy of the internal headers, so nobody can send "accepted" itself', async () => {
    const forged = { [DECISION_REQUEST_HEADER]: 'accepted; kid="alice"; n=1', [VALUES_REQUEST_HEADER]: 'admin-mode=true' };
    const attempts: Array<[string, Record<string, string>, string, Record<string, unknown>]> = [
      ['alone', forged, 'none', {}],
      ['with unsigned v1 overrides', { ...forged, 'X-Feature-Flags': 'admin-mode=true' }, 'rejected', {}],
      ['beside a valid token for another flag', { ...forged, 'X-Feature-Flags-V2': await token({ 'new-checkout': true }) }, 'accepted', { 'new-checkout': true }],
    ];
    for (const [name, headers, status, values] of attempts) {
      const { response, route } = await run(headers);
      expect(response.headers.get(`x-middleware-request-${VALUES_REQUEST_HEADER}`), name).toBe(status === 'accepted' ? 'new-checkout=true' : null);
      const verdict = flagtabDecision(route);
      expect({ status: verdict.status, values: { ...verdict.values } }, name).toEqual({ status, values });
      expect(route.get(VALUES_REQUEST_HEADER), name).toBe(status === 'accepted' ? 'new-checkout=true' : null);
    }
  });

  it('trusts nothing where the middleware did not run', () => {
    const unguarded = new Headers({ [VALUES_REQUEST_HEADER]: 'admin-mode=true' });
    expect(flagtabDecision(unguarded)).toEqual({ status: 'missing', detail: undefined, values: {} });
    expect(flagtabValues(unguarded)).toEqual({});
  });

  it('gives a null-prototype values object: __proto__ is a flag like any other', async () => {
    const { route } = await run({ 'X-Feature-Flags-V2': await token(JSON.parse('{"__proto__": true, "constructor": "x"}') as Record<string, boolean | string>) });
    const values = flagtabValues(route);
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
