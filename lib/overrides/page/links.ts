import { OPEN_CHANNEL, onHosts, type ChildHello, type ChildRequest, type ToOpenHook } from './channel';

export interface ChildScriptDeps {
  /** `browser.runtime.sendMessage`: resolves to the background's `{ ok, result }` reply. */
  send(message: ChildRequest): Promise<unknown>;
  win: Window;
  doc: Document;
  onError(error: unknown): void;
}

/** How a click or a form asks for a new tab, if it does. */
interface NewTab {
  url: string;
  active: boolean;
}

/**
 * Flagtab's child-tab script in a configured site's page (isolated world, document_start, top
 * frame). While this tab has overrides for the site ("armed"), a new tab the tester opens from
 * it onto the site — a `target="_blank"` link, a middle or Ctrl/⌘ click, a GET form with
 * `target="_blank"` — is opened by the background instead: on about:blank, its overrides
 * inherited for its tab id, and only then navigated. Its first request therefore carries them,
 * even when the service worker was asleep. Only trusted events with user activation are taken
 * over (a page's script cannot open tabs through Flagtab that the browser would have blocked);
 * a POST form to a new tab is left alone (it cannot be re-sent: Flagtab says the child loaded
 * without), as is anything already handled by the page (`defaultPrevented`), a `download` link,
 * shift-click (a new window) and other sites.
 */
export function createChildScript(deps: ChildScriptDeps) {
  const { win, doc } = deps;
  let armed = false;
  let hosts: string[] = [];

  const activated = () => (win.navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation?.isActive ?? true;

  function tellHook() {
    const message: ToOpenHook = { channel: OPEN_CHANNEL, type: 'armed', armed, hosts };
    try {
      win.postMessage(message, win.location.origin);
    } catch (error) {
      deps.onError(new Error('Flagtab could not reach its window.open hook', { cause: error }));
    }
  }

  function apply(next: { armed: boolean; hosts: string[] }) {
    armed = next.armed;
    hosts = next.hosts;
    tellHook();
  }

  function linkOf(event: Event): HTMLAnchorElement | HTMLAreaElement | undefined {
    for (const node of event.composedPath()) {
      const el = node as Element;
      if (el.localName === 'a' || el.localName === 'area') {
        const link = el as HTMLAnchorElement;
        return link.hasAttribute('href') ? link : undefined;
      }
    }
    return undefined;
  }

  function newTabFromClick(event: MouseEvent): NewTab | undefined {
    const link = linkOf(event);
    if (!link || link.hasAttribute('download')) return undefined;
    const mac = /Mac|iPhone|iPad/.test(win.navigator.platform);
    const modifier = mac ? event.metaKey : event.ctrlKey;
    // https://html.spec.whatwg.org/#following-hyperlinks: middle and Ctrl/⌘ clicks open a tab in
    // the background (Shift brings it forward); Shift alone opens a window, left to the browser.
    if (event.type === 'auxclick') return event.button === 1 ? { url: link.href, active: event.shiftKey } : undefined;
    if (event.button !== 0 || event.altKey) return undefined;
    if (modifier) return { url: link.href, active: event.shiftKey };
    if (event.shiftKey) return undefined;
    return link.target.toLowerCase() === '_blank' ? { url: link.href, active: true } : undefined;
  }

  function newTabFromSubmit(event: SubmitEvent): NewTab | 'post' | undefined {
    const form = event.target as HTMLFormElement;
    const submitter = event.submitter as HTMLButtonElement | HTMLInputElement | null;
    const target = (submitter?.hasAttribute('formtarget') ? submitter.formTarget : form.target).toLowerCase();
    if (target !== '_blank') return undefined;
    const method = (submitter?.hasAttribute('formmethod') ? submitter.formMethod : form.method).toLowerCase();
    const action = submitter?.hasAttribute('formaction') ? submitter.formAction : form.action;
    if (method === 'dialog') return undefined;
    if (method !== 'get') return 'post';
    const url = new URL(action, doc.baseURI);
    // A GET form replaces the action's query with the form's fields (HTML "mutate action URL").
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form, submitter ?? undefined)) fields.append(name, typeof value === 'string' ? value : value.name);
    url.search = fields.toString();
    return { url: url.href, active: true };
  }

  function takeOver(event: Event, tab: NewTab | 'post' | undefined) {
    if (!armed || !tab || tab === 'post' || event.defaultPrevented || !event.isTrusted || !activated()) return;
    if (!onHosts(tab.url, hosts)) return;
    // The page's own listeners still run (analytics see the click); only the browser's default goes.
    event.preventDefault();
    deps.send({ type: 'child/open', data: tab }).then((reply) => {
      if (!isOk(reply)) deps.onError(new Error(`Flagtab could not open the tab: ${errorOf(reply)}`));
    }, (error: unknown) => deps.onError(new Error('Flagtab could not open the tab', { cause: error })));
  }

  const onClick = (event: MouseEvent) => takeOver(event, newTabFromClick(event));
  const onSubmit = (event: SubmitEvent) => takeOver(event, newTabFromSubmit(event));

  /** The hook opened a child on about:blank: ask the background to take it over. */
  function onWindowMessage(event: MessageEvent) {
    if ((event.source as unknown) !== win) return;
    const m = event.data as { channel?: unknown; type?: unknown; id?: unknown; url?: unknown } | null;
    if (typeof m !== 'object' || m === null || m.channel !== OPEN_CHANNEL || m.type !== 'opened') return;
    if (typeof m.id !== 'number' || typeof m.url !== 'string') return;
    const id = m.id;
    const fallback = () => {
      const message: ToOpenHook = { channel: OPEN_CHANNEL, type: 'navigate-yourself', id };
      win.postMessage(message, win.location.origin);
    };
    if (!armed || !onHosts(m.url, hosts)) return fallback();
    deps.send({ type: 'child/window', data: { url: m.url } }).then((reply) => {
      if (!isOk(reply)) {
        deps.onError(new Error(`Flagtab could not take over the new tab: ${errorOf(reply)}`));
        fallback();
      }
    }, (error: unknown) => {
      deps.onError(new Error('Flagtab could not take over the new tab', { cause: error }));
      fallback();
    });
  }

  /** Capture on the window: before the page's own listeners can act on the click. */
  function listen() {
    win.addEventListener('click', onClick, true);
    win.addEventListener('auxclick', onClick, true);
    win.addEventListener('submit', onSubmit, true);
    win.addEventListener('message', onWindowMessage);
  }

  function stop() {
    win.removeEventListener('click', onClick, true);
    win.removeEventListener('auxclick', onClick, true);
    win.removeEventListener('submit', onSubmit, true);
    win.removeEventListener('message', onWindowMessage);
  }

  return {
    /** Listens, says hello (`child/hello`) and applies the answer: the script on its own. */
    async start(): Promise<void> {
      listen();
      try {
        const reply = await deps.send({ type: 'child/hello', data: {} });
        if (isOk(reply)) apply(readHello((reply as { result: unknown }).result));
        else stop(); // not a site of Flagtab's any more
      } catch (error) {
        deps.onError(new Error('Flagtab could not reach its background; new tabs open as usual', { cause: error }));
      }
    },

    /**
     * Listens now and takes its answer from another script's hello (the detect script's
     * `page/hello` carries it): one round trip for both.
     * @example const sharing = children.startShared(); … sharing.answer(hello?.children);
     */
    startShared() {
      listen();
      return {
        /** The shared hello's answer; undefined (refused, or no background) stops this part. */
        answer(hello: ChildHello | undefined) {
          if (hello) apply(hello);
          else stop();
        },
      };
    },

    /** A message from the background; the caller has checked it came from Flagtab itself. */
    receive(message: unknown) {
      const m = message as { type?: unknown } | null;
      if (typeof m === 'object' && m !== null && m.type === 'flagtab/children') apply(readHello(m));
    },

    stop,
  };
}

function readHello(value: unknown): ChildHello {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { armed?: unknown; hosts?: unknown };
  return { armed: v.armed === true, hosts: Array.isArray(v.hosts) ? v.hosts.filter((h): h is string => typeof h === 'string') : [] };
}

function isOk(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true;
}

function errorOf(reply: unknown): string {
  return typeof reply === 'object' && reply !== null ? String((reply as { error?: unknown }).error) : String(reply);
}
