import { MAX_ENCODED_LENGTH } from '../../wire/payload';
import type { JsonValue } from '../../json';
import type { OverrideTransport, OverrideValues } from '../types';

interface EppoSettings {
  enabled: boolean;
  name: string;
}

/** A variation as Eppo's SDK takes it from the header (`Variation` in @eppo/js-client-sdk-common's interfaces.ts). */
export interface EppoVariation {
  key: string;
  value: string | number | boolean;
}

/**
 * One override as an Eppo variation. Eppo keeps a JSON flag's variations as JSON text and
 * `getJSONAssignment` parses it back (EppoValue.JSON), so objects and arrays travel as text;
 * strings, numbers and booleans as they are. The SDK takes the variation as sent without looking
 * its key up in the flag's configuration: the key only names it (the evaluation details'
 * `variationKey`, the allocation `override-<key>`). Flagtab does not know the flag's own variation
 * keys, so it names the variation after its value, which is what Eppo's string variations often are.
 *
 * @example eppoVariation('blue') // { key: 'blue', value: 'blue' }
 * @example eppoVariation({ limit: 3 }) // { key: '{"limit":3}', value: '{"limit":3}' }
 */
export function eppoVariation(value: Exclude<JsonValue, null>): EppoVariation {
  const sent = typeof value === 'object' ? JSON.stringify(value) : value;
  return { key: String(sent), value: sent };
}

/**
 * The header's value: `{ browserExtensionKey, overrides }` as the SDK's `parseOverrides` reads
 * it (override-validator.ts). Every character beyond ASCII is written as a JSON `\u` escape,
 * which JSON.parse reads back unchanged: a header value is bytes, and browsers and servers
 * disagree about anything beyond ASCII in it.
 */
export function eppoHeaderValue(key: string, values: OverrideValues): string {
  // Flag keys come from the provider: a null-prototype record, in a stable order.
  const overrides: Record<string, EppoVariation> = Object.create(null);
  for (const flag of Object.keys(values).sort()) {
    const value = values[flag];
    if (value !== null && value !== undefined) overrides[flag] = eppoVariation(value);
  }
  return JSON.stringify({ browserExtensionKey: key, overrides }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What Eppo cannot take, in words the popup shows when the tester sets it. */
export function eppoRefusal(values: OverrideValues): string | undefined {
  for (const [flag, value] of Object.entries(values)) {
    // EppoValue.valueOf(null) is "no value": every typed getter then answers the code's default.
    if (value === null) return `Eppo has no null variation ("${flag}"): its SDK would answer with the default in your code. Reset the flag instead, or pick a value of the flag's type.`;
  }
  const length = eppoHeaderValue('', values).length;
  if (length > MAX_ENCODED_LENGTH) return `the Eppo header would take ${length} characters before the key; the limit is ${MAX_ENCODED_LENGTH}. Override fewer flags or use shorter values.`;
  return undefined;
}

/**
 * Why a typed key cannot be an Eppo browser-extension key. Eppo does not document the key's
 * form, so only what is surely wrong is refused: whitespace or quotes inside (a pasted line or
 * JSON, not a key), characters a header cannot carry, or too short to be a key.
 */
export function eppoKeyRefusal(secret: string): string | undefined {
  const key = secret.trim();
  if (key.length === 0) return 'Paste the browser-extension key from Eppo (Flags → Environments → Browser Extension Keys).';
  if (/\s/.test(key)) return 'The key has a space or a line break inside: paste only the key, as Eppo shows it.';
  if (/["'{}]/.test(key)) return 'The key has quotes or braces: paste only the key, not a line of JSON or code around it.';
  if (/[^\x21-\x7e]/.test(key)) return 'The key has characters Eppo keys do not have (beyond visible ASCII): paste it again from Eppo.';
  if (key.length < 8) return 'The key is too short to be an Eppo browser-extension key: paste the whole key from Eppo.';
  return undefined;
}

/**
 * Eppo's override header, made in `prepare` (it needs the key, which only the background reads)
 * and set by `requestHeaders` on the tab's requests to the site's hosts. Without a key nothing
 * is sent.
 */
export const eppoTransport: OverrideTransport<'eppo', EppoSettings> = {
  id: 'eppo',
  async prepare(settings, values, { secret }) {
    const key = secret?.trim();
    if (!settings.enabled || !key || Object.keys(values).length === 0) return undefined;
    return eppoHeaderValue(key, values);
  },
  requestHeaders(settings, _values, context) {
    const value = context?.prepared?.get('eppo');
    return settings.enabled && value ? [{ header: settings.name, operation: 'set', value }] : [];
  },
  carried(settings, { headers }) {
    if (!settings.enabled) return false;
    const name = settings.name.toLowerCase();
    return headers.some((h) => h.name.toLowerCase() === name);
  },
  checkSecret: eppoKeyRefusal,
  refuse: (_settings, values) => eppoRefusal(values),
};
