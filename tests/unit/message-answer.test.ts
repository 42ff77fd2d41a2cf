import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerWith, errorWords } from '../../lib/messaging/answer';
import { createBackgroundClient } from '../../lib/messaging/client';
import { BackgroundError } from '../../lib/messaging/errors';

type Listener = (message: unknown, sender: { url?: string }, sendResponse: (reply: unknown) => void) => unknown;

/**
 * A one-time message as the sender sees it in a Chrome that ignores a returned promise (Chromium
 * 156 honours one; older ones did not): the reply passed to `sendResponse`, while the listener's
 * call lasts or later if it returned `true`; otherwise the channel closes and the sender gets
 * `undefined`. Firefox and every Chrome honour `true` the same way.
 */
function chromeSendMessage(listener: Listener, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    let open = true;
    const keptOpen = listener(message, { url: 'chrome-extension://flagtab-id/popup.html' }, (reply) => {
      if (open) resolve(reply);
      open = false;
    });
    if (keptOpen !== true && open) {
      open = false;
      resolve(undefined);
    }
  });
}

const failedReply = (error: unknown) => ({ ok: false, error: { kind: 'failed', message: errorWords(error) } });

afterEach(() => vi.restoreAllMocks());

describe('answering a message from the background', () => {
  it('gets the handler\'s answer to the sender, where a listener returning the promise gets it nothing in such a Chrome', async () => {
    const handle = async (message: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ok: true, result: { echoed: message } };
    };
    expect(await chromeSendMessage((message, sender) => handle(message), 'hi')).toBeUndefined();
    expect(await chromeSendMessage(answerWith(handle, failedReply), 'hi')).toEqual({ ok: true, result: { echoed: 'hi' } });
  });

  it('answers a handler that rejects with the failure reply, which the page shows as the handler\'s words', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const listener = answerWith(async () => {
      throw new Error('Flagtab could not read its settings: reload the extension.');
    }, failedReply);
    const client = createBackgroundClient((message) => chromeSendMessage(listener, message) as Promise<unknown>);
    const asked = client.request('popup/state', { tabId: 4 });
    await expect(asked).rejects.toBeInstanceOf(BackgroundError);
    await expect(asked).rejects.toThrow('Flagtab could not read its settings: reload the extension.');
  });

  it('answers a handler that throws before returning a promise, instead of leaving the sender waiting', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const listener = answerWith(() => {
      throw new TypeError('sender.url is undefined');
    }, (error) => ({ ok: false, error: errorWords(error) }));
    expect(await chromeSendMessage(listener, { type: 'page/hello' })).toEqual({ ok: false, error: 'sender.url is undefined' });
  });
});
