import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test';
import type { JsonValue } from '../../../lib/json-value';
import { honouredBy } from '../../../lib/automation';
import { stateOf } from './session';

const show = (value: JsonValue) => JSON.stringify(value);

/**
 * `await expect(flagtab).toHaveHonoured('express-pay')`: whether the site's server used the
 * override, read from what its responses since the last change said (the echo header, and the
 * status header of signed overrides) — the popup's "honoured" for a test. The value defaults to
 * the one set. Like Playwright's own matchers it retries until the verdict is the one wanted or
 * the assertion's timeout passes, since a response may still be on its way.
 */
export async function toHaveHonoured(this: ExpectMatcherState, received: unknown, key: string, value?: JsonValue): Promise<MatcherReturnType> {
  const state = stateOf(received);
  if (!state) throw new Error('toHaveHonoured() checks the flagtab fixture: await expect(flagtab).toHaveHonoured(\'new-checkout\')');
  const expected = value !== undefined ? value : state.valueOf(key);
  if (expected === undefined) throw new Error(`toHaveHonoured('${key}'): ${key} is not set in this test. Set it first (await flagtab.set('${key}', …)) or name the value: toHaveHonoured('${key}', true).`);
  const deadline = Date.now() + (this.timeout ?? 5_000);
  let verdict = honouredBy(state.site, key, expected, await state.responses());
  while (verdict.pass === this.isNot && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    verdict = honouredBy(state.site, key, expected, await state.responses());
  }
  const hint = this.utils.matcherHint('toHaveHonoured', 'flagtab', show(key), { isNot: this.isNot });
  return verdict.pass
    ? { pass: true, name: 'toHaveHonoured', message: () => `${hint}\n\nExpected the server not to use ${key}=${show(expected)}, but ${verdict.detail}.` }
    : { pass: false, name: 'toHaveHonoured', message: () => `${hint}\n\n${verdict.message}` };
}
