/**
 * One named step of the bench. It says on stderr that it starts, and when it fails the error
 * names it, so a failed run says which step broke ("bench step "side panel: tab on the
 * 10,000-flag site with checkout-banner-0000 overridden" failed: …") and keeps the cause.
 *
 * @example const tabId = await step('open the shop tab', () => openShop())
 */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  process.stderr.write(`› ${name}\n`);
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`bench step "${name}" failed: ${reason}`, { cause: error });
  }
}
