/**
 * The `runtime.onMessage` listener for an async handler, answered in the way both browsers honour.
 *
 * Firefox answers with the promise a listener returns. Chrome long ignored a returned promise and
 * closed the channel, so the sender got `undefined` (MDN runtime.onMessage; the reason Flagtab
 * loaded webextension-polyfill); Chromium 156 does answer with it, but Flagtab sets no minimum
 * Chrome version. Every version of both keeps the channel open when the listener returns `true`
 * and calls `sendResponse` later (https://developer.chrome.com/docs/extensions/develop/concepts/messaging).
 *
 * Every message gets an answer: a handler that throws or rejects answers `failed(error)`, so the
 * sender is not left waiting on a channel that closes only when the worker stops.
 *
 * @example browser.runtime.onMessage.addListener(answerWith(route, (error) => ({ ok: false, error: String(error) })));
 */
export function answerWith<Sender>(
  handle: (message: unknown, sender: Sender) => Promise<unknown>,
  failed: (error: unknown) => unknown,
): (message: unknown, sender: Sender, sendResponse: (reply: unknown) => void) => true {
  return (message, sender, sendResponse) => {
    // Run now (not a microtask later), with a synchronous throw caught as a rejection.
    new Promise<unknown>((resolve) => resolve(handle(message, sender))).then(sendResponse, (error: unknown) => {
      console.error('Flagtab: a message\'s handler failed before its router could answer; the sender gets a failure reply', error);
      sendResponse(failed(error));
    });
    return true;
  };
}

/** The words of an error for a reply (the console keeps the whole error). */
export const errorWords = (error: unknown) => (error instanceof Error ? error.message : String(error));
