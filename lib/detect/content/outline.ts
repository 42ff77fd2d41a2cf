import { LIMITS } from './limits';
import { ELEMENT_SELECTOR } from './scan';
import { clip, quote } from './text';

/** The overlay's host element carries this attribute, and `data-count` = elements outlined. */
export const OUTLINE_HOST_ATTRIBUTE = 'data-flagtab-outline';

export interface OutlineWindow {
  innerWidth: number;
  innerHeight: number;
  addEventListener: Window['addEventListener'];
  removeEventListener: Window['removeEventListener'];
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(id: number): void;
  MutationObserver: typeof MutationObserver;
}

// Inline `!important` beats every page stylesheet, `!important` or not
// (https://www.w3.org/TR/css-cascade-5/#cascade-sort, "element-attached styles"), so page CSS
// such as `div { display: none !important }` cannot hide the host. A plain <div>, not a custom
// element: the page could define a custom element of that name and run code in its constructor.
const HOST_STYLE = [
  'all: initial', 'display: block', 'position: fixed', 'top: 0', 'left: 0', 'width: 0', 'height: 0',
  'overflow: visible', 'visibility: visible', 'opacity: 1', 'pointer-events: none', 'z-index: 2147483647',
  'transform: none', 'filter: none', 'contain: none',
].map((d) => `${d} !important`).join('; ');

// Inside the closed shadow root no page selector matches; `all: initial` also drops what the
// host would inherit from the page (font size 0, transparent colour, …).
const SHADOW_CSS = `
.box { all: initial; display: block; position: absolute; top: 0; left: 0; box-sizing: border-box;
  border: 2px solid #c026d3; border-radius: 2px; pointer-events: none; }
.box[hidden] { display: none; }
.label { all: initial; display: block; position: absolute; left: -2px; bottom: 100%; max-width: 360px;
  overflow: hidden; text-overflow: ellipsis; white-space: pre; padding: 1px 5px; border-radius: 3px 3px 0 0;
  font: 600 11px/16px ui-monospace, SFMono-Regular, Menlo, monospace; color: #fff; background: #c026d3; }
.box[data-top] .label { bottom: auto; top: 0; border-radius: 0 0 3px 0; }
`;

interface Slot {
  box: HTMLElement;
  label: HTMLElement;
  text: string;
}

/**
 * Outlines every `[data-feature-flag]` element (at most LIMITS.elementsScanned) with a label
 * "key = value", in a closed shadow root on a fixed, click-through host appended to <html>.
 * Redrawn in one animation frame after scrolls, resizes, loads and DOM changes; boxes are reused,
 * and all rects are read before any box is moved so a redraw forces one layout, not thousands.
 *
 * @example
 * const outline = createOutline({ doc: document, win: window });
 * outline.set(true); // document.querySelector('[data-flagtab-outline]').dataset.count === '3'
 */
export function createOutline({ doc, win }: { doc: Document; win: OutlineWindow }) {
  let host: HTMLElement | undefined;
  let layer: ShadowRoot | undefined;
  let observer: MutationObserver | undefined;
  let frame: number | undefined;
  const slots: Slot[] = [];

  const request = () => {
    if (host && frame === undefined) frame = win.requestAnimationFrame(draw);
  };
  const listen = { capture: true, passive: true };

  function show(): void {
    if (host) return;
    host = doc.createElement('div');
    host.setAttribute(OUTLINE_HOST_ATTRIBUTE, '');
    host.setAttribute('style', HOST_STYLE);
    layer = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = SHADOW_CSS;
    layer.append(style);
    // Capture sees scrolls of inner scroll boxes too (scroll events do not bubble) and image loads.
    win.addEventListener('scroll', request, listen);
    win.addEventListener('resize', request, listen);
    win.addEventListener('load', request, listen);
    observer = new win.MutationObserver((records) => {
      // Our own `data-count` and re-attaching the host are mutations too; they need no redraw.
      if (records.some((r) => r.target !== host)) request();
    });
    observer.observe(doc, { childList: true, subtree: true, attributes: true, characterData: true });
    request();
  }

  function hide(): void {
    if (!host) return;
    if (frame !== undefined) win.cancelAnimationFrame(frame);
    frame = undefined;
    observer?.disconnect();
    win.removeEventListener('scroll', request, listen);
    win.removeEventListener('resize', request, listen);
    win.removeEventListener('load', request, listen);
    host.remove();
    host = layer = observer = undefined;
    slots.length = 0;
  }

  function draw(): void {
    frame = undefined;
    const root = doc.documentElement;
    if (!host || !layer || !root) return;
    // The page may remove the host; put it back. (Not when it merely stops being the last child:
    // two overlays each moving themselves last would chase each other every frame.)
    if (host.parentNode !== root) root.append(host);
    const marked = doc.querySelectorAll(ELEMENT_SELECTOR);
    const n = Math.min(marked.length, LIMITS.elementsScanned);
    const targets: { rect: DOMRect; text: string }[] = [];
    for (let i = 0; i < n; i++) {
      const el = marked[i];
      if (el) targets.push({ rect: el.getBoundingClientRect(), text: labelText(el) });
    }
    while (slots.length < targets.length) slots.push(addSlot(layer));
    while (slots.length > targets.length) slots.pop()?.box.remove();
    targets.forEach(({ rect, text }, i) => place(slots[i] as Slot, rect, text));
    const count = String(targets.length);
    if (host.getAttribute('data-count') !== count) host.setAttribute('data-count', count);
  }

  function addSlot(into: ShadowRoot): Slot {
    const box = doc.createElement('div');
    box.className = 'box';
    const label = doc.createElement('span');
    label.className = 'label';
    box.append(label);
    into.append(box);
    return { box, label, text: '' };
  }

  function place(slot: Slot, rect: DOMRect, text: string): void {
    const onScreen = (rect.width > 0 || rect.height > 0) && rect.bottom >= 0 && rect.right >= 0
      && rect.top <= win.innerHeight && rect.left <= win.innerWidth;
    slot.box.hidden = !onScreen;
    if (text !== slot.text) {
      slot.label.textContent = text;
      slot.text = text;
    }
    if (!onScreen) return;
    slot.box.style.transform = `translate(${rect.left}px, ${rect.top}px)`;
    slot.box.style.width = `${rect.width}px`;
    slot.box.style.height = `${rect.height}px`;
    // At the top of the viewport a label above the box would be cut off: put it inside.
    slot.box.toggleAttribute('data-top', rect.top < 18);
  }

  return {
    /** Draws (true) or removes (false) the overlay; repeated calls are harmless. */
    set(on: boolean): void {
      if (on) show();
      else hide();
    },
    stop: hide,
  };
}

export type Outline = ReturnType<typeof createOutline>;

/**
 * The label of one element: `key = value` with the value as JSON, or the key alone when the
 * element names no value. Odd keys (quotes, newlines) are shown quoted; everything is shortened.
 *
 * @example labelText(<div data-feature-flag="hero-banner" data-feature-flag-value='"b"'>) === 'hero-banner = "b"'
 */
export function labelText(el: Pick<Element, 'getAttribute'>): string {
  const key = el.getAttribute('data-feature-flag') ?? '';
  const shownKey = key === '' || /[\u0000-\u001f"\\]/.test(key) ? quote(key, 60) : clip(key, 60);
  const raw = el.getAttribute('data-feature-flag-value');
  if (raw === null) return shownKey;
  return `${shownKey} = ${clip(valueText(raw), 60)}`;
}

function valueText(raw: string): string {
  // Only a short value is worth parsing: the label shows 60 characters.
  if (raw.length > 200) return `${raw.slice(0, 59)}…`;
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch (error) {
    // Not JSON: the text itself is the value, as markers.ts reads it.
    if (!(error instanceof SyntaxError)) throw error;
    return JSON.stringify(raw);
  }
}
