import { describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createDocumentStore, loadWarning, LOADED_WITHOUT } from '../../lib/overrides/documents';
import { carriedBy } from '../../lib/transports/registry';

const transports = { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } };

describe('whether a document request carried the overrides', () => {
  it.each([
    ['the header', [{ name: 'x-feature-flags', value: 'a=true' }], true],
    ['the cookie among others', [{ name: 'Cookie', value: 'sid=1; flagtab=YT10cnVl' }], true],
    ['a cookie whose name only ends like ours', [{ name: 'cookie', value: 'notflagtab=1' }], false],
    ['neither', [{ name: 'accept', value: '*/*' }], false],
    ['no headers at all', undefined, false],
  ])('%s', (_, headers, expected) => {
    expect(carriedBy(transports, headers)).toBe(expected);
  });

  it('a switched-off transport does not count', () => {
    expect(carriedBy({ ...transports, header: { enabled: false, name: 'X-Feature-Flags' } }, [{ name: 'x-feature-flags', value: 'a=true' }])).toBe(false);
  });
});

describe('what the tester is told', () => {
  const doc = { url: 'https://shop.example.com/', method: 'GET', carried: false, at: 1 };
  it('a GET that went without: reload', () => {
    expect(loadWarning(doc, true)).toEqual({ method: 'GET', canReload: true, message: LOADED_WITHOUT });
  });
  it('a POST that went without: never "reload", which would send the form again', () => {
    const w = loadWarning({ ...doc, method: 'POST' }, true);
    expect(w?.canReload).toBe(false);
    expect(w?.message).toMatch(/^This page loaded without your overrides — .*does not send again/);
  });
  it('nothing when it carried them, or when the tab has none', () => {
    expect(loadWarning({ ...doc, carried: true }, true)).toBeUndefined();
    expect(loadWarning(doc, false)).toBeUndefined();
  });
});

describe('the document store', () => {
  it('keeps the newest document per tab in storage.session and forgets closed tabs', async () => {
    fakeBrowser.reset();
    const store = createDocumentStore({ session: fakeBrowser.storage.session });
    await store.record(1, { url: 'https://a/2', method: 'GET', carried: true, at: 20 });
    await store.record(1, { url: 'https://a/1', method: 'GET', carried: false, at: 10 }); // late, older
    await store.record(2, { url: 'https://a/x', method: 'POST', carried: false, at: 5 });
    const again = createDocumentStore({ session: fakeBrowser.storage.session }); // a restarted worker
    expect(await again.get(1)).toEqual({ url: 'https://a/2', method: 'GET', carried: true, at: 20 });
    await again.forget(2);
    expect(await again.get(2)).toBeUndefined();
  });

  it('a worker that starts forgets the tabs closed while it was not running', async () => {
    fakeBrowser.reset();
    const store = createDocumentStore({ session: fakeBrowser.storage.session });
    await store.record(1, { url: 'https://a/1', method: 'GET', carried: true, at: 1 });
    await store.record(2, { url: 'https://a/2', method: 'GET', carried: false, at: 2 });
    await createDocumentStore({ session: fakeBrowser.storage.session }).prune([1]);
    expect(Object.keys((await fakeBrowser.storage.session.get('documents.v1'))['documents.v1'] as object)).toEqual(['1']);
    expect(await store.get(1)).toEqual({ url: 'https://a/1', method: 'GET', carried: true, at: 1 });
  });
});
