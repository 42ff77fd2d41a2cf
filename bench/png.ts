import { crc32, deflateSync } from 'node:zlib';

/** A screenshot as a sign-off carries it: base64 PNG without the data: prefix. */
export interface BenchScreenshot {
  base64: string;
  width: number;
  height: number;
  bytes: number;
}

/** One PNG chunk: length, type, data, CRC-32 of type and data (https://www.w3.org/TR/png-3/#5Chunk-layout). */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid, deterministic width × height RGB PNG of about `bytes` bytes, the size of a busy
 * 1280 × 800 tab capture: a band of noise on the left (noise does not compress, so the band's
 * width sets the file's size) and a flat page beside it. The sign-off benchmark sends it as the
 * screenshot, and the baseline uploads the same bytes.
 *
 * @example noisyScreenshot(300_000).bytes // ≈ 300,000
 */
export function noisyScreenshot(bytes: number, width = 1280, height = 800): BenchScreenshot {
  const perColumn = 3 * height;
  const guess = Math.min(width, Math.round(bytes / perColumn));
  // The flat part and the chunks cost a few percent on top of the noise: leave room for them.
  const overhead = pngWithNoise(guess, width, height).length - guess * perColumn;
  const png = pngWithNoise(Math.max(0, Math.min(width, Math.round((bytes - overhead) / perColumn))), width, height);
  return { base64: png.toString('base64'), width, height, bytes: png.length };
}

function pngWithNoise(noisy: number, width: number, height: number): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height, 0xf4); // filter byte 0 is rewritten below; the rest is a light grey page
  let seed = 0x2545f491;
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let i = 0; i < noisy * 3; i++) {
      // xorshift32: the same noise every run, so every run uploads the same file
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      raw[y * row + 1 + i] = seed & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
