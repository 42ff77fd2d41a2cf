import type { JsonValue } from '../lib/json';

/**
 * What the shop renders, read from the effective flags. Values arrive from request headers, so
 * anything of the wrong type falls back to the default rather than reaching the page.
 */
export interface ShopView {
  newCheckout: boolean;
  /** The banner's label, e.g. "B" for `hero-banner: "b"`; unknown strings are shown as sent. */
  heroLabel: string;
  heroColour: string;
  priceFormat: 'short' | 'long';
  maxItems: number;
  /** The accent as the flag names it, for display only (escape it). */
  accentName: string;
  /** A CSS colour safe to put in a style attribute. */
  accent: string;
  freeShipping: boolean;
  /** Express Checkout on the checkout page (off unless overridden). */
  expressPay: boolean;
}

const HERO_COLOURS: Record<string, string> = { a: '#2563eb', b: '#ea580c', c: '#16a34a', d: '#9333ea' };
// Softer shades for the accents flags.json offers; any other safe colour is used as given.
const ACCENTS: Record<string, string> = { blue: '#1d4ed8', green: '#15803d', purple: '#7e22ce' };
export const DEFAULT_ACCENT = '#1d4ed8';
// Only plain colour names or hex codes reach a style attribute (escaping alone would still let
// "red; background:url(...)" through).
const SAFE_COLOUR = /^(?:[a-z]{1,20}|#[0-9a-f]{3,8})$/i;

/** @example shopView({ 'new-checkout': true, 'hero-banner': 'b' }).heroLabel === 'B' */
export function shopView(flags: Record<string, JsonValue>): ShopView {
  const hero = typeof flags['hero-banner'] === 'string' ? flags['hero-banner'] : 'a';
  const maxItems = flags['max-items'];
  const theme = flags['theme-config'];
  const accent = isObject(theme) && typeof theme.accent === 'string' ? theme.accent : 'blue';
  return {
    newCheckout: flags['new-checkout'] === true,
    heroLabel: hero.toUpperCase(),
    heroColour: HERO_COLOURS[hero] ?? '#6b7280',
    priceFormat: flags['price-format'] === 'long' ? 'long' : 'short',
    maxItems: typeof maxItems === 'number' && Number.isFinite(maxItems) ? clamp(Math.trunc(maxItems), 0, PRODUCTS.length) : 3,
    accentName: accent,
    accent: ACCENTS[accent] ?? (SAFE_COLOUR.test(accent) ? accent : DEFAULT_ACCENT),
    freeShipping: flags['free-shipping'] !== false,
    expressPay: flags['express-pay'] === true,
  };
}

export interface Product {
  name: string;
  cents: number;
}

export const PRODUCTS: readonly Product[] = [
  { name: 'Canvas tote', cents: 1200 },
  { name: 'Enamel mug', cents: 950 },
  { name: 'Notebook', cents: 700 },
  { name: 'Desk lamp', cents: 3900 },
  { name: 'Wool socks', cents: 1450 },
  { name: 'Water bottle', cents: 2200 },
  { name: 'Pencil set', cents: 550 },
  { name: 'Plant pot', cents: 1800 },
  { name: 'Tea sampler', cents: 1600 },
  { name: 'Headphones', cents: 8900 },
];

/** @example formatPrice(1200, 'short') === '€12'; formatPrice(1200, 'long') === '12.00 EUR' */
export function formatPrice(cents: number, format: 'short' | 'long'): string {
  if (format === 'long') return `${(cents / 100).toFixed(2)} EUR`;
  return cents % 100 === 0 ? `€${cents / 100}` : `€${(cents / 100).toFixed(2)}`;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
