import { afterEach, describe, expect, it } from 'vitest';

/**
 * A stopped worker evaluates background.js on every wake; a message's schema should cost that
 * wake only when the message comes (lib/lazy-schema.ts). Counted as bench/schema-count.ts
 * counts: every zod schema or check gets its internals through one
 * `Object.defineProperty(inst, '_zod', …)` (zod/v4/core/core.js).
 */
const define = Object.defineProperty;
let built = 0;
afterEach(() => {
  Object.defineProperty = define;
});
function countZodObjects() {
  built = 0;
  Object.defineProperty = function counting<T>(target: T, key: PropertyKey, descriptor: PropertyDescriptor & ThisType<unknown>): T {
    if (key === '_zod') built += 1;
    return define(target, key, descriptor);
  };
}

const self = { extensionId: 'flagtab-id', extensionOrigin: 'chrome-extension://flagtab-id/' };
const popup = { id: 'flagtab-id', url: 'chrome-extension://flagtab-id/popup.html?tabId=4' };

describe('message schemas are built when their message comes', () => {
  it('importing the router builds none; the popup\'s first message builds its own only, once', async () => {
    // What the protocol imports that builds schemas the configuration needs anyway (every wake reads it).
    await import('../../lib/config/schema');
    await import('../../lib/scenarios/schema');
    countZodObjects();
    const { createMessageRouter } = await import('../../lib/messaging/router');
    expect(built, 'a module the router imports builds zod schemas at import: build them on first use (lib/lazy-schema.ts)').toBe(0);

    const route = createMessageRouter({ 'popup/state': async ({ tabId }: { tabId: number }) => ({ tabId }) } as never, self);
    expect(await route({ type: 'popup/state', data: { tabId: 4 } }, popup)).toEqual({ ok: true, result: { tabId: 4 } });
    const forPopupState = built;
    // { tabId: non-negative integer }: an object, a number and its two checks.
    expect(forPopupState).toBeGreaterThan(0);
    expect(forPopupState).toBeLessThan(10);

    // (A refused message would count its ZodError, itself a zod object.)
    expect(await route({ type: 'popup/state', data: { tabId: 5 } }, popup)).toEqual({ ok: true, result: { tabId: 5 } });
    expect(built, 'the second popup/state message builds its schema again').toBe(forPopupState);
  });
});
