import { describe, expect, it } from 'vitest';
import { createShareModel } from '../../components/popup/share-model';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { Envelope } from '../../lib/messaging/protocol';
import type { ShareOfferView } from '../../lib/share/view';

const offer: ShareOfferView = {
  status: 'ready', fragment: 'flagtab=abc', name: 'B', siteId: 'shop', siteName: 'Shop', catalogueRead: true,
  entries: [{ key: 'mystery', value: 1, known: false }, { key: 'new-checkout', value: true, known: true }],
};

function setUp(answers: Partial<Record<Envelope['type'], unknown>>, copyText?: (text: string) => Promise<void>) {
  const sent: Envelope[] = [];
  let applied = 0;
  const client = createBackgroundClient(async (message) => {
    sent.push(message);
    return message.type in answers ? { ok: true, result: answers[message.type] } : { ok: false, error: { kind: 'failed', message: `no ${message.type}` } };
  });
  const share = createShareModel({ client, tabId: 5, copyText, onApplied: () => { applied++; } });
  return { share, sent, applied: () => applied };
}

describe('the popup\'s share model', () => {
  it('Apply sends back the link it showed, with unknown flags only when ticked, and refreshes the popup', async () => {
    const { share, sent, applied } = setUp({ 'share/offer': { offer }, 'share/apply': { applied: ['new-checkout'] } });
    await share.load();
    expect(share.offer.value).toEqual(offer);
    await share.apply();
    expect(sent.at(-1)).toEqual({ type: 'share/apply', data: { tabId: 5, fragment: 'flagtab=abc', withUnknown: false } });
    expect(share.offer.value).toBeNull();
    expect(share.notice.value).toContain('Applied 1 flag ');
    expect(applied()).toBe(1);
  });

  it('shows the link when the clipboard refuses it, and the background\'s reason when there is no link', async () => {
    const refused = setUp({ 'share/link': { ok: true, url: 'https://shop.example.com/#flagtab=x', count: 1 } }, () => Promise.reject(new Error('denied')));
    refused.share.name.value = '  Banner B ';
    await refused.share.copyLink();
    expect(refused.sent.at(-1)?.data).toEqual({ tabId: 5, name: 'Banner B' });
    expect(refused.share.link.value).toMatchObject({ ok: true, url: 'https://shop.example.com/#flagtab=x' });
    expect(refused.share.copied.value).toBe(false);

    const none = setUp({ 'share/link': { ok: false, message: 'This tab has no overrides to share: set some first.' } });
    await none.share.copyLink();
    expect(none.share.link.value).toEqual({ ok: false, message: 'This tab has no overrides to share: set some first.' });
  });

  it('a failed request is shown, not thrown', async () => {
    const { share } = setUp({});
    await share.load();
    expect(share.error.value).toBe('no share/offer');
    expect(share.loaded.value).toBe(false);
  });
});
