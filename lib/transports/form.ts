import { TRANSPORT_METAS, type TransportId } from './meta-registry';
import type { TransportsSettings } from './registry';

/**
 * The options form's part for transports, as the person types it: per transport its switch,
 * its name and its other fields (all strings), built from each transport's meta so a new
 * transport needs no form code. Errors are keyed `transports.<id>.<field>`.
 */
export type TransportForm = { enabled: boolean; name: string } & Record<string, string | boolean>;
export type TransportsForm = Record<TransportId, TransportForm>;
export type TransportErrorKey = `transports.${TransportId}.${string}`;

export const transportErrorKey = (id: TransportId, field: string): TransportErrorKey => `transports.${id}.${field}`;

/** Every transport with its defaults, for a new site. */
export function emptyTransportsForm(): TransportsForm {
  return Object.fromEntries(TRANSPORT_METAS.map((meta) => [meta.id, { ...meta.defaults }])) as TransportsForm;
}

/** A site's settings as the form shows them; a transport the site does not have shows its defaults. */
export function transportsToForm(settings: TransportsSettings): TransportsForm {
  return Object.fromEntries(
    TRANSPORT_METAS.map((meta) => {
      const own = (settings[meta.id] ?? {}) as Record<string, unknown>;
      const form: Record<string, string | boolean> = { ...meta.defaults };
      for (const [key, value] of Object.entries(own)) if (typeof value === 'string' || typeof value === 'boolean') form[key] = value;
      return [meta.id, form];
    }),
  ) as TransportsForm;
}

/** The form's values as settings for the schema to check (text trimmed). */
export function formToTransports(form: TransportsForm): Record<TransportId, Record<string, string | boolean>> {
  return Object.fromEntries(
    TRANSPORT_METAS.map((meta) => {
      const own = form[meta.id] ?? meta.defaults;
      return [meta.id, Object.fromEntries(Object.entries(own).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]))];
    }),
  ) as Record<TransportId, Record<string, string | boolean>>;
}

/** Where a schema error under `transports` shows: its transport's field, or its name. */
export function transportFieldFor(path: readonly PropertyKey[]): TransportErrorKey {
  const [id, field] = path;
  const meta = TRANSPORT_METAS.find((m) => m.id === id) ?? TRANSPORT_METAS[0];
  const known = typeof field === 'string' && (field === 'name' || meta.fields?.some((f) => f.key === field));
  return transportErrorKey(meta.id, known ? (field as string) : 'name');
}

/** Two transports that would write the same request header: the second one would replace the first. */
export function headerClash(form: TransportsForm): { id: TransportId; message: string } | undefined {
  const seen = new Map<string, TransportId>();
  for (const meta of TRANSPORT_METAS) {
    const own = form[meta.id];
    // The cookie, query, GrowthBook and Vercel transports name a cookie or a parameter, not a header.
    if (!own?.enabled || meta.id === 'cookie' || meta.id === 'query' || meta.id === 'growthbook' || meta.id === 'vercel') continue;
    const name = String(own.name).trim().toLowerCase();
    const first = seen.get(name);
    if (first) return { id: meta.id, message: `must differ from the ${TRANSPORT_METAS.find((m) => m.id === first)!.nameLabel.toLowerCase()}: one would replace the other` };
    seen.set(name, meta.id);
  }
  return undefined;
}
