import { createSerialQueue } from '../serial';
import { STORED } from '../storage/keys';

/**
 * What Flagtab saw of each tab's current top-level document request: whether the overrides
 * really went out on it. Read from `webRequest.onSendHeaders`, which in Chrome shows the headers
 * as sent, after declarativeNetRequest changed them (measured: the override header and the
 * appended Cookie are there; `onBeforeSendHeaders` still shows them without). Kept in
 * `storage.session` beside the overrides, so a worker restart does not forget it.
 */
export const DOCUMENTS_KEY = STORED.documents.key;

export interface DocumentLoad {
  url: string;
  /** "GET", "POST", …: a POST answer cannot be loaded again without sending the form again. */
  method: string;
  /** True when the request carried the site's override header or cookie. */
  carried: boolean;
  /** When the request left (epoch ms, the browser's clock). */
  at: number;
}

/** What the popup, the badge and the evidence say about a document that went without. */
export interface LoadWarning {
  method: string;
  /** Whether reloading sends exactly what was sent before (a GET): then "reload" is the fix. */
  canReload: boolean;
  message: string;
}

export const LOADED_WITHOUT = 'This page loaded without your overrides — reload';

/**
 * The warning for the tab's current document, or undefined when it carried the overrides, or
 * when the tab has none for its site (then there was nothing to carry).
 *
 * @example loadWarning({ url, method: 'GET', carried: false, at }, true)?.message // 'This page loaded without your overrides — reload'
 */
export function loadWarning(doc: DocumentLoad | undefined, overridden: boolean): LoadWarning | undefined {
  if (!doc || doc.carried || !overridden) return undefined;
  const canReload = doc.method.toUpperCase() === 'GET';
  return {
    method: doc.method.toUpperCase(),
    canReload,
    message: canReload
      ? LOADED_WITHOUT
      : `This page loaded without your overrides — it answers a form sent (${doc.method.toUpperCase()}) to a new tab, which Flagtab does not send again: reloading would send the form again, so submit it again in this tab to test it`,
  };
}

export interface DocumentStoreDeps {
  session: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
}

type Documents = Record<string, DocumentLoad>;

/**
 * The last top-level document request per tab (one entry a tab: the current page), in
 * `storage.session`. Updates run one at a time.
 */
export function createDocumentStore(deps: DocumentStoreDeps) {
  const serial = createSerialQueue();

  async function read(): Promise<Documents> {
    const raw = (await deps.session.get(DOCUMENTS_KEY))[DOCUMENTS_KEY];
    // Tab ids are the browser's numbers, but the record is rebuilt key by key anyway.
    const docs: Documents = Object.create(null) as Documents;
    if (raw && typeof raw === 'object') {
      for (const [tabId, d] of Object.entries(raw as Record<string, unknown>)) {
        const doc = d as Partial<DocumentLoad> | null;
        if (doc && typeof doc.url === 'string' && typeof doc.method === 'string' && typeof doc.carried === 'boolean' && typeof doc.at === 'number') {
          docs[tabId] = { url: doc.url, method: doc.method, carried: doc.carried, at: doc.at };
        }
      }
    }
    return docs;
  }

  return {
    /** The tab's top-level request left (or a newer one replaced it). */
    record: (tabId: number, doc: DocumentLoad) =>
      serial(async () => {
        const docs = await read();
        const before = docs[String(tabId)];
        // Events of one tab arrive in order, but a late one must not replace a newer document.
        if (before && before.at > doc.at) return;
        docs[String(tabId)] = doc;
        await deps.session.set({ [DOCUMENTS_KEY]: docs });
      }),

    get: (tabId: number) => serial(async () => (await read())[String(tabId)]),

    /** Forgets the tabs that are not open any more (closed while the worker was not running). */
    prune: (openTabIds: readonly number[]) =>
      serial(async () => {
        const docs = await read();
        const open = new Set(openTabIds.map(String));
        const gone = Object.keys(docs).filter((tabId) => !open.has(tabId));
        if (gone.length === 0) return;
        for (const tabId of gone) delete docs[tabId];
        await deps.session.set({ [DOCUMENTS_KEY]: docs });
      }),

    forget: (tabId: number) =>
      serial(async () => {
        const docs = await read();
        if (!docs[String(tabId)]) return;
        delete docs[String(tabId)];
        await deps.session.set({ [DOCUMENTS_KEY]: docs });
      }),
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;
