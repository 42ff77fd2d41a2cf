import { describe, expect, it } from 'vitest';
import { browserName } from '../../lib/signoff/browser-name';
import { pngSize } from '../../lib/signoff/png';

describe('the browser named in the evidence', () => {
  it('prefers the full version from client hints, a brand over bare Chromium', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
    expect(browserName({ userAgent: ua, fullVersionList: [{ brand: 'Not_A Brand', version: '99.0.0.0' }, { brand: 'Chromium', version: '142.0.7444.59' }, { brand: 'Google Chrome', version: '142.0.7444.59' }] }))
      .toBe('Chrome 142.0.7444.59');
    expect(browserName({ userAgent: ua, fullVersionList: [{ brand: 'Chromium', version: '156.0.8078.73' }, { brand: 'Not/A)Brand', version: '8.0.0.0' }] })).toBe('Chromium 156.0.8078.73');
    expect(browserName({ userAgent: ua })).toBe('Chrome 142.0.0.0');
    expect(browserName({ userAgent: `${ua} Edg/142.0.0.0` })).toBe('Edge 142.0.0.0');
  });
  it('uses Firefox\'s own browser info', () => {
    expect(browserName({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', browserInfo: { name: 'Firefox', version: '140.5.0esr' } })).toBe('Firefox 140.5.0esr');
  });
});

describe('a PNG\'s size from its header', () => {
  const header = (w: number, h: number) => {
    const bytes = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
    bytes.writeUInt32BE(13, 8);
    bytes.write('IHDR', 12, 'latin1');
    bytes.writeUInt32BE(w, 16);
    bytes.writeUInt32BE(h, 20);
    return bytes.toString('base64');
  };
  it('reads width and height', () => {
    expect(pngSize(header(1280, 720))).toEqual({ width: 1280, height: 720 });
    expect(pngSize(header(3_000_000_000, 1))).toEqual({ width: 3_000_000_000, height: 1 });
  });
  it('gives nothing for what is not a PNG', () => {
    expect(pngSize(Buffer.from('GIF89a-not-a-png-at-all-no-no-no').toString('base64'))).toBeUndefined();
    expect(pngSize('%%%not base64%%%')).toBeUndefined();
    expect(pngSize('')).toBeUndefined();
  });
});
