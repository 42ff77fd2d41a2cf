import { describe, expect, it } from 'vitest';
import { retryOnce } from '../../lib/retry-once';

describe('retryOnce', () => {
  it('makes the promise once for every caller, tries again after a failure, and makes it afresh after forget()', async () => {
    let calls = 0;
    const answers: (() => Promise<string>)[] = [
      () => Promise.reject(new Error('storage is busy')),
      () => Promise.resolve('first'),
      () => Promise.resolve('second'),
    ];
    const once = retryOnce(() => answers[calls++]!());
    expect(once.held()).toBe(false);
    await expect(once.get()).rejects.toThrow('storage is busy');
    expect(once.held()).toBe(false);
    const [a, b] = await Promise.all([once.get(), once.get()]);
    expect([a, b, calls]).toEqual(['first', 'first', 2]);
    expect(once.held()).toBe(true);
    once.forget();
    expect([await once.get(), calls]).toEqual(['second', 3]);
  });
});
