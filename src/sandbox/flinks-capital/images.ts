// Tiny solid-colour PNG images for the ImageSelection challenge.
// Encoded by hand (zlib "stored" blocks, no compression library) so that the bytes —
// and therefore the Base64 answer a client stores — never change between Node/zlib versions.

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** zlib stream made of uncompressed ("stored") deflate blocks. */
function zlibStored(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  const MAX = 0xffff;
  let off = 0;
  do {
    const len = Math.min(MAX, data.length - off);
    const final = off + len >= data.length ? 1 : 0;
    const hdr = Buffer.alloc(5);
    hdr[0] = final;
    hdr.writeUInt16LE(len, 1);
    hdr.writeUInt16LE(~len & 0xffff, 3);
    parts.push(hdr, Buffer.from(data.subarray(off, off + len)));
    off += len;
  } while (off < data.length);
  parts.push(u32(adler32(data)));
  return Buffer.concat(parts);
}

function chunk(type: string, data: Buffer): Buffer {
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), td, u32(crc32(td))]);
}

/** A width×height PNG (8-bit RGB) filled with one colour. */
export function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const p = y * row + 1 + x * 3;
      raw[p] = rgb[0];
      raw[p + 1] = rgb[1];
      raw[p + 2] = rgb[2];
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const IMAGE_SIZE = 16;

export const SQUARE_COLOURS = {
  red: [220, 38, 38],
  blue: [37, 99, 235],
  green: [22, 163, 74],
} as const satisfies Record<string, readonly [number, number, number]>;

export type SquareColour = keyof typeof SQUARE_COLOURS;

/** Base64 (no data: prefix) of the 16×16 solid squares, computed once at load. */
export const SQUARE_IMAGES: Readonly<Record<SquareColour, string>> = Object.freeze({
  red: solidPng(IMAGE_SIZE, IMAGE_SIZE, SQUARE_COLOURS.red).toString('base64'),
  blue: solidPng(IMAGE_SIZE, IMAGE_SIZE, SQUARE_COLOURS.blue).toString('base64'),
  green: solidPng(IMAGE_SIZE, IMAGE_SIZE, SQUARE_COLOURS.green).toString('base64'),
});
