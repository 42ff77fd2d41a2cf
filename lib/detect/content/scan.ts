import { LIMITS, MARKER_TAGS_READ } from './limits';
import { readMarkers, type MarkerSnapshot, type MarkerTexts } from './markers';

/** Selectors of the three marker kinds (formats in markers.ts). */
export const META_SELECTOR = 'meta[name="feature-flags" i]';
export const SCRIPT_SELECTOR = 'script[type="application/json" i][data-flag-values]';
export const ELEMENT_SELECTOR = '[data-feature-flag]';
/** Attributes whose changes can change the markers; the MutationObserver watches only these. */
export const MARKER_ATTRIBUTES = ['data-feature-flag', 'data-feature-flag-value', 'content'];

/**
 * Takes the marker texts out of `doc`, reading no more than the caps: MARKER_TAGS_READ tags of
 * each kind, LIMITS.elementsScanned elements. Attribute and text reads hand back the browser's
 * own string, so a 2 MB meta costs its length check, not a copy; markers.ts refuses it unread.
 */
export function readMarkerTexts(doc: Pick<Document, 'querySelectorAll'>): MarkerTexts {
  const metas = doc.querySelectorAll(META_SELECTOR);
  const scripts = doc.querySelectorAll(SCRIPT_SELECTOR);
  const marked = doc.querySelectorAll(ELEMENT_SELECTOR);
  const elements: MarkerTexts['elements'][number][] = [];
  const n = Math.min(marked.length, LIMITS.elementsScanned);
  for (let i = 0; i < n; i++) {
    const el = marked[i];
    if (el) elements.push({ key: el.getAttribute('data-feature-flag') ?? '', value: el.getAttribute('data-feature-flag-value') });
  }
  return {
    metas: firstTexts(metas, (m) => m.getAttribute('content') ?? ''),
    scripts: firstTexts(scripts, (s) => s.textContent ?? ''),
    elements,
    elementsTotal: marked.length,
    metasTotal: metas.length,
    scriptsTotal: scripts.length,
  };
}

function firstTexts(list: NodeListOf<Element>, text: (el: Element) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.min(list.length, MARKER_TAGS_READ); i++) {
    const el = list[i];
    if (el) out.push(text(el));
  }
  return out;
}

/**
 * Every marker in `doc` now, as one snapshot. `documentStartedAt` stamps the observations.
 *
 * @example scanMarkers(document, performance.timeOrigin).observations
 * // [{ key: 'hero-banner', source: 'element', value: 'b', elements: 1, at: 1718000000000 }]
 */
export function scanMarkers(doc: Pick<Document, 'querySelectorAll'>, documentStartedAt: number): MarkerSnapshot {
  return readMarkers(readMarkerTexts(doc), documentStartedAt);
}
