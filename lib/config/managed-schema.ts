import { buildConfigJsonSchema } from './json-schema';

type Node = Record<string, unknown>;

/**
 * Chrome's managed-storage schema for the policy's "sites", written to public/managed-schema.json
 * by `npm run schema` (the manifest's `storage.managed_schema` names it). Chrome accepts only a
 * subset of JSON Schema — every node typed; no oneOf, const, format or defaults — and refuses to
 * load an extension whose schema it cannot read, so this keeps to that subset: a provider's or
 * tracker's alternatives become one object with all their fields. Flagtab checks each site
 * fully itself (lib/config/managed.ts), so the schema is for administrators' tools and
 * chrome://policy, not the last word.
 * https://developer.chrome.com/docs/extensions/reference/manifest/storage
 */
export function buildManagedSchema(): Node {
  const config = buildConfigJsonSchema() as { properties: { sites: { items: Node } } };
  return {
    type: 'object',
    properties: {
      sites: {
        type: 'array',
        title: 'Sites',
        description: 'The organisation\'s sites, as in a Flagtab configuration file (no tokens: each tester enters their own).',
        items: chromeSubset(config.properties.sites.items),
      },
    },
  };
}

function chromeSubset(node: Node): Node {
  if (Array.isArray(node.oneOf)) return chromeSubset(mergeAlternatives(node.oneOf as Node[], node.description));
  const out: Node = {};
  if ('const' in node) out.enum = [node.const];
  if (Array.isArray(node.enum)) out.enum = node.enum;
  // A node of any JSON (an OFREP context's values) is described as a string, the usual case: Chrome needs a type.
  out.type = typeof node.type === 'string' ? node.type : 'string';
  if (typeof node.description === 'string') out.description = node.description;
  if (node.properties && typeof node.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, Node>).map(([key, value]) => [key, chromeSubset(value)]));
  }
  if (node.items && typeof node.items === 'object') out.items = chromeSubset(node.items as Node);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = chromeSubset(node.additionalProperties as Node);
  return out;
}

/** One object with every alternative's fields; a field several define keeps all their allowed values, and its description only where they agree. */
function mergeAlternatives(alternatives: Node[], description: unknown): Node {
  const properties: Record<string, Node> = {};
  for (const alternative of alternatives) {
    for (const [key, value] of Object.entries((alternative.properties ?? {}) as Record<string, Node>)) {
      const seen = properties[key];
      const values = (field: Node | undefined) => (field === undefined ? [] : 'const' in field ? [field.const] : Array.isArray(field.enum) ? field.enum : []);
      if (!seen) properties[key] = value;
      else if (values(seen).length > 0 && values(value).length > 0) {
        const { const: _dropped, ...rest } = seen;
        properties[key] = { ...rest, enum: [...new Set([...values(seen), ...values(value)])] };
      } else if (seen.description !== value.description) {
        // "Where Unleash runs" is wrong for LaunchDarkly's baseUrl: a shared field says nothing rather.
        const { description: _differs, ...rest } = seen;
        properties[key] = rest;
      }
    }
  }
  return { type: 'object', ...(typeof description === 'string' ? { description } : {}), properties };
}
