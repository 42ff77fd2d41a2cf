import type { CatalogueSource } from './sources';

/**
 * The origin a catalogue is fetched from, which needs host access (and receives the token).
 * Apart from the source schemas (sources.ts), so a page that only lists sites loads no zod.
 *
 * @example catalogueOrigin({ provider: 'flags-file', url: 'https://flags.example.com/flags.json' }) // 'https://flags.example.com'
 */
export function catalogueOrigin(source: CatalogueSource): string | undefined {
  const url = source.provider === 'flags-file' ? source.url : source.baseUrl;
  return url ? new URL(url).origin : undefined;
}
