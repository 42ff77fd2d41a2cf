import { STORED } from '../storage/keys';
import type { KeyDb, SigningKeyRecord } from './signing-keys';

const STORE = 'keys';

/**
 * The signing keys' IndexedDB database in the extension's origin (see signing-keys.ts for why
 * not storage.local). One object store, records keyed by site id. Opened per call: the service
 * worker may stop between any two, and an open connection would not outlive it anyway.
 */
export function indexedDbKeyDb(indexedDB: IDBFactory): KeyDb {
  function open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(STORED.signingKeys.key, STORED.signingKeys.version);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'siteId' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error('Flagtab could not open its key database', { cause: request.error }));
    });
  }

  async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = act(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(new Error('Flagtab could not read or write its key database', { cause: tx.error }));
        tx.onabort = () => reject(new Error('Flagtab\'s key database refused the change', { cause: tx.error }));
      });
    } finally {
      db.close();
    }
  }

  return {
    get: async (siteId) => (await run('readonly', (s) => s.get(siteId) as IDBRequest<SigningKeyRecord | undefined>)) ?? undefined,
    put: async (record) => void (await run('readwrite', (s) => s.put(record))),
    delete: async (siteId) => void (await run('readwrite', (s) => s.delete(siteId))),
  };
}
