import { describe, expect, it } from 'vitest';
import { honouredBy, type SeenResponse } from '../../../lib/automation';
import { site } from './support';

const response = (url: string, headers: Record<string, string>): SeenResponse => ({ url, method: 'GET', headers });

describe('whether the server used an override, from its echo', () => {
  const s = site();

  it('passes when the latest echo of the flag has the value set', () => {
    const seen = [response('https://shop.example.com/', { 'x-feature-flags-applied': 'express-pay=false' }), response('https://shop.example.com/checkout', { 'X-Feature-Flags-Applied': 'express-pay=true&new-checkout=false' })];
    expect(honouredBy(s, 'express-pay', true, seen)).toEqual({ pass: true, detail: 'GET /checkout used express-pay=true' });
  });

  it('fails naming what the server used instead, and its refusal when it refused the signed overrides', () => {
    const seen = [response('https://shop.example.com/checkout', { 'x-feature-flags-applied': 'express-pay=false', 'x-feature-flags-status': 'rejected; reason=unsigned' })];
    const verdict = honouredBy(s, 'express-pay', true, seen);
    expect(verdict).toEqual({ pass: false, message: 'the server ignored the override of express-pay: GET /checkout used false, not true. The server rejected the overrides (X-Feature-Flags-Status: rejected; reason=unsigned).' });
  });

  it('ignores responses from other hosts, and says when nothing from the site echoed the flag', () => {
    const other = [response('https://cdn.example.com/x.js', { 'x-feature-flags-applied': 'express-pay=true' })];
    expect(honouredBy(s, 'express-pay', true, other)).toMatchObject({ pass: false, message: expect.stringMatching(/^no response from shop.example.com has arrived/) });
    const silent = [response('https://shop.example.com/', { 'content-type': 'text/html' })];
    expect(honouredBy(s, 'express-pay', true, silent)).toMatchObject({ pass: false, message: expect.stringContaining('no response from shop.example.com echoed express-pay in X-Feature-Flags-Applied') });
  });

  it('reports an echo it cannot read, and a site whose echo header is off', () => {
    expect(honouredBy(s, 'a', true, [response('https://shop.example.com/', { 'x-feature-flags-applied': '%%%' })])).toMatchObject({ pass: false, message: expect.stringContaining('could not be read') });
    const off = site({ detection: { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' } } });
    expect(honouredBy(off, 'a', true, [])).toMatchObject({ pass: false, message: expect.stringContaining('echo header switched off') });
  });
});
