/**
 * The toolbar badge and the popup's overrides banner say the same thing in the same colour: the
 * badge (one colour for both schemes) uses the light scheme's tokens the banner is drawn with.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BADGE_COLOURS } from '../../lib/overrides/badge';

const tokens = readFileSync(resolve(import.meta.dirname, '../../components/ui/tokens.css'), 'utf8');
/** The first `:root` block: the light scheme (dark follows in a media query). */
const light = tokens.slice(tokens.indexOf(':root'), tokens.indexOf('}'));
const token = (name: string) => new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(light)?.[1]?.toLowerCase();

describe('badge colours', () => {
  it('are the banner\'s: overrides in --ft-override, the warning in --ft-error', () => {
    expect(token('--ft-override')).toBe(BADGE_COLOURS.overrides);
    expect(token('--ft-error')).toBe(BADGE_COLOURS.warning);
  });

  it('the banner is drawn with those tokens', () => {
    const css = readFileSync(resolve(import.meta.dirname, '../../entrypoints/popup/popup.css'), 'utf8');
    expect(css).toMatch(/\.banner\.overrides \{[^}]*var\(--ft-override\)/);
    expect(css).toMatch(/\.banner\.warning \{[^}]*var\(--ft-error\)/);
  });
});
