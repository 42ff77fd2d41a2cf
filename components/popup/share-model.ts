import { signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { ShareLinkResult, ShareOfferView } from '../../lib/share/view';

export interface ShareModelDeps {
  client: BackgroundClient;
  tabId: number;
  /** Writes the link to the clipboard (rejects when the browser refuses). */
  copyText?(text: string): Promise<void>;
  /** The tab's overrides changed (Apply): the popup reads its state again. */
  onApplied(): void;
}

/** The popup's share links: the offer waiting in this tab, and "Copy share link". */
export function createShareModel(deps: ShareModelDeps) {
  const offer = signal<ShareOfferView | null>(null);
  /** Ticked: the flags the site's catalogue does not list are applied too. */
  const withUnknown = signal(false);
  const name = signal('');
  const link = signal<ShareLinkResult | undefined>(undefined);
  /** Whether the link reached the clipboard (undefined until tried). */
  const copied = signal<boolean | undefined>(undefined);
  const notice = signal<string | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  /** The background has answered whether an offer waits (until then, no offer means "not known yet"). */
  const loaded = signal(false);

  async function attempt(action: () => Promise<void>) {
    error.value = undefined;
    try {
      await action();
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }

  return {
    offer, withUnknown, name, link, copied, notice, error, loaded,
    load: () => attempt(async () => {
      offer.value = (await deps.client.request('share/offer', { tabId: deps.tabId })).offer;
      loaded.value = true;
    }),
    apply: () => attempt(async () => {
      const shown = offer.value;
      if (shown?.status !== 'ready') return;
      const { applied } = await deps.client.request('share/apply', { tabId: deps.tabId, fragment: shown.fragment, withUnknown: withUnknown.value });
      offer.value = null;
      notice.value = `Applied ${applied.length} flag${applied.length === 1 ? '' : 's'} from the share link in this tab: reload the page to see them.`;
      deps.onApplied();
    }),
    dismiss: () => attempt(async () => {
      const shown = offer.value;
      if (!shown) return;
      await deps.client.request('share/dismiss', { tabId: deps.tabId, fragment: shown.fragment });
      offer.value = null;
    }),
    copyLink: () => attempt(async () => {
      const trimmed = name.value.trim();
      const made = await deps.client.request('share/link', { tabId: deps.tabId, ...(trimmed ? { name: trimmed } : {}) });
      link.value = made;
      copied.value = undefined;
      if (!made.ok || !deps.copyText) return;
      // The link is shown either way: a refused clipboard leaves it to select and copy by hand.
      copied.value = await deps.copyText(made.url).then(() => true, () => false);
    }),
  };
}

export type ShareModel = ReturnType<typeof createShareModel>;
