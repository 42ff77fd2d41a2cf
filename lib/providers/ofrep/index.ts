import type { CatalogueSourceOf } from '../sources';
import type { JsonValue } from '../../json';
import { isProviderError, ProviderError } from '../errors';
import type { FlagProvider } from '../types';
import { readBulkEvaluation } from './read';
import { ofrepMeta } from './meta';

/** OFREP's bulk evaluation (open-feature/protocol, service/openapi.yaml). */
const BULK_PATH = '/ofrep/v1/evaluate/flags';

/**
 * Any OpenFeature Remote Evaluation Protocol service (flagd, GO Feature Flag, Flipt, …). The
 * protocol only evaluates: one POST returns every flag's value for the site's evaluation
 * context, and the variant's name when the service says, but never the other variants.
 */
export const ofrepProvider: FlagProvider<'ofrep'> = {
  id: 'ofrep',
  label: ofrepMeta.label,
  tokenHelp: ofrepMeta.token.help,
  tokenRequired: ofrepMeta.token.required,
  listsVariants: false,
  authHeaders: ({ source, token }): Record<string, string> => {
    if (!token) return {};
    const bearer = source.authHeader.toLowerCase() === 'authorization' && !/^bearer\s/i.test(token);
    return { [source.authHeader]: bearer ? `Bearer ${token}` : token };
  },
  async fetchCatalogue({ source, http }) {
    const url = `${source.baseUrl}${BULK_PATH}`;
    const body = { context: source.context };
    try {
      // The answer depends on the context, so the ETag is remembered per context.
      const response = await http.request(url, { method: 'POST', json: body, etagKey: `POST ${url} ${JSON.stringify(body)}` });
      return readBulkEvaluation(response.body, url);
    } catch (error) {
      throw isProviderError(error) && error.status === 400 ? refusedContext(error, source.context) : error;
    }
  },
  explain: (kind, source) => (kind === 'not-found' ? notOfrep(source) : refusedToken(source)),
};

/** A 400 on the bulk evaluation is about the context (INVALID_CONTEXT, TARGETING_KEY_MISSING…). */
function refusedContext(error: ProviderError, context: Record<string, JsonValue>): ProviderError {
  const sent = JSON.stringify(context);
  const shown = sent.length > 120 ? `${sent.slice(0, 120)}…` : sent;
  return new ProviderError(
    'bad-response',
    `${error.message} The service refused the evaluation context ${shown}: fix "context" in the site's settings (most services want at least a "targetingKey", e.g. {"targetingKey": "qa-user"}).`,
    400,
  );
}

function refusedToken(source: CatalogueSourceOf<'ofrep'>): string {
  const how = source.authHeader.toLowerCase() === 'authorization' ? `"${source.authHeader}: Bearer <token>"` : `the "${source.authHeader}" header`;
  return `The flag service wants a token, or refused the one Flagtab sent as ${how}. Ask whoever runs the flag service which token and header it expects, then set them in the site's settings.`;
}

function notOfrep(source: CatalogueSourceOf<'ofrep'>): string {
  const doubled = /\/ofrep(\/v1)?$/.test(source.baseUrl) ? ' Leave "/ofrep/v1" out of the base URL: Flagtab adds it.' : '';
  return `${source.baseUrl} is not an OFREP service: it should answer POST ${source.baseUrl}${BULK_PATH}.${doubled} Check the base URL with whoever runs the flag service.`;
}
