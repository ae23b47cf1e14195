/**
 * Character sets of statement files, and decoding them chunk by chunk.
 *
 * What decides the charset, strongest first:
 *  1. a byte-order mark (UTF-8, UTF-16 LE/BE);
 *  2. an explicit choice by the caller (`encoding` option);
 *  3. the bytes themselves: while only ASCII has been seen nothing is decided; the first non-ASCII
 *     bytes decide for UTF-8 when they form valid UTF-8, and for the single-byte fallback otherwise.
 *     A document's own declaration (OFX CHARSET, an XML declaration) only chooses that fallback,
 *     because exports often declare windows-1252 and write UTF-8, or the reverse; the chance that
 *     accented windows-1252 text is also valid UTF-8 is negligible.
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type DecodeMode = 'pending' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'single-byte';

/** Canonical iconv-lite names for the charset spellings statement files use; null when unknown. */
export function normalizeCharset(name: string | undefined | null): string | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  switch (n.replace(/[\s_-]/g, '')) {
    case 'utf8':
    case 'unicode11utf8':
      return 'utf-8';
    case 'usascii':
    case 'ascii':
    case 'none':
    case '':
      return null; // says nothing about the upper half: the default fallback applies
    case '1252':
    case 'cp1252':
    case 'windows1252':
    case 'ansi':
      return 'windows-1252';
    case '88591':
    case 'iso88591':
    case 'latin1':
    case 'l1':
    case 'isolatin1':
      return 'iso-8859-1';
    case '885915':
    case 'iso885915':
    case 'latin9':
      return 'iso-8859-15';
    case 'utf16':
    case 'utf16le':
      return 'utf-16le';
    case 'utf16be':
      return 'utf-16be';
    case '850':
    case 'cp850':
    case 'ibm850':
      return 'cp850';
    case '437':
    case 'cp437':
      return 'cp437';
    case 'macroman':
    case 'macintosh':
      return 'macintosh';
  }
  return iconv.encodingExists(n) ? n : null;
}

/** A byte-order mark at the start of `bytes`. */
export function byteOrderMark(bytes: Uint8Array): { charset: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a byte-order mark: ASCII text in UTF-16 has a NUL in every other byte.
 * Looks at the first bytes only.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.9 && evenNul < half * 0.1) return 'utf-16le';
  if (evenNul > half * 0.9 && oddNul < half * 0.1) return 'utf-16be';
  return null;
}

/** Bytes at the end of `bytes` that start a UTF-8 sequence not finished in this chunk. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? back : 0;
    }
    return 0;
  }
  return 0;
}

export interface DecoderOptions {
  /** The caller's explicit choice: always wins (after a byte-order mark). */
  encoding?: string;
  /** What the document declares; used as the fallback when the bytes are not UTF-8. */
  declared?: string | null;
}

/**
 * Decodes a document chunk by chunk. `write` returns the text of the bytes given so far (holding back
 * an unfinished multi-byte sequence), `end` the rest. `measure` gives the byte length of decoded text,
 * for positions.
 */
export class StatementDecoder {
  mode: DecodeMode = 'pending';
  /** Bytes of a byte-order mark skipped at the start. */
  bomLength = 0;
  /** The single-byte charset used if the bytes turn out not to be UTF-8. */
  readonly fallback: string;
  private started = false;
  private utf8: TextDecoder | null = null;
  private other: { write(b: Buffer): string; end(): string | undefined } | null = null;
  private held: Uint8Array | null = null;
  private readonly explicit: string | null;

  constructor(options: DecoderOptions = {}) {
    this.explicit = normalizeCharset(options.encoding);
    const declared = normalizeCharset(options.declared);
    this.fallback = declared && declared !== 'utf-8' && !declared.startsWith('utf-16') ? declared : 'windows-1252';
  }

  /** The charset in use (or 'ascii' while nothing else has been seen). */
  get charset(): string {
    if (this.mode === 'pending') return 'ascii';
    if (this.mode === 'single-byte') return this.fallbackInUse;
    return this.mode;
  }

  private fallbackInUse = 'windows-1252';

  write(chunk: Uint8Array): string {
    if (!this.started) {
      this.started = true;
      chunk = this.start(chunk);
    }
    if (this.held) {
      const joined = new Uint8Array(this.held.length + chunk.length);
      joined.set(this.held);
      joined.set(chunk, this.held.length);
      chunk = joined;
      this.held = null;
    }
    switch (this.mode) {
      case 'utf-8':
        return this.utf8!.decode(chunk, { stream: true });
      case 'utf-16le':
      case 'utf-16be':
      case 'single-byte':
        return this.other!.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      case 'pending':
        return this.decide(chunk);
    }
  }

  end(): string {
    let out = '';
    if (this.held) {
      // An unfinished sequence at the very end while still undecided: not UTF-8 after all.
      const rest = this.held;
      this.held = null;
      this.useSingleByte(this.fallback);
      out = this.other!.write(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength));
    }
    if (this.mode === 'utf-8') out += this.utf8!.decode();
    else if (this.other) out += this.other.end() ?? '';
    return out;
  }

  /** Bytes per character while that is fixed: 1 (ASCII so far, single-byte), 2 (UTF-16); 0 for UTF-8. */
  fixedWidth(): number {
    return this.mode === 'utf-8' ? 0 : this.mode === 'utf-16le' || this.mode === 'utf-16be' ? 2 : 1;
  }

  /** Byte length of decoded text (the inverse of decoding, for positions). */
  measure(text: string): number {
    switch (this.mode) {
      case 'utf-8':
        return Buffer.byteLength(text, 'utf8');
      case 'utf-16le':
      case 'utf-16be':
        return text.length * 2;
      default:
        return text.length;
    }
  }

  private start(chunk: Uint8Array): Uint8Array {
    const bom = byteOrderMark(chunk);
    if (bom) {
      this.bomLength = bom.length;
      this.use(bom.charset);
      return chunk.subarray(bom.length);
    }
    if (this.explicit) {
      this.use(this.explicit);
      return chunk;
    }
    const utf16 = sniffUtf16(chunk);
    if (utf16) this.use(utf16);
    return chunk;
  }

  private use(charset: string): void {
    if (charset === 'utf-8') {
      this.mode = 'utf-8';
      this.utf8 = new TextDecoder('utf-8');
    } else if (charset === 'utf-16le' || charset === 'utf-16be') {
      this.mode = charset;
      this.other = iconv.getDecoder(charset);
    } else {
      this.useSingleByte(charset);
    }
  }

  private useSingleByte(charset: string): void {
    this.mode = 'single-byte';
    this.fallbackInUse = charset;
    this.other = iconv.getDecoder(charset);
  }

  private decide(chunk: Uint8Array): string {
    if (isAscii(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const tail = incompleteUtf8Tail(chunk);
    const body = tail ? chunk.subarray(0, chunk.length - tail) : chunk;
    if (tail && isAscii(body)) {
      // Only the start of a sequence so far: wait for the bytes that decide.
      this.held = chunk.slice(body.length);
      return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
    }
    if (isUtf8(body)) {
      this.use('utf-8');
      return this.utf8!.decode(chunk, { stream: true });
    }
    this.useSingleByte(this.fallback);
    return this.other!.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
}

/** Decodes a whole document at once (small inputs, tests). */
export function decodeAll(bytes: Uint8Array, options: DecoderOptions = {}): { text: string; decoder: StatementDecoder } {
  const decoder = new StatementDecoder(options);
  const text = decoder.write(bytes) + decoder.end();
  return { text, decoder };
}

/** The first bytes of a document as Latin-1 text, to look for ASCII markers (headers, declarations). */
export function sniffText(bytes: Uint8Array, length = 4096): string {
  const bom = byteOrderMark(bytes);
  if (bom?.charset.startsWith('utf-16')) {
    const body = bytes.subarray(bom.length, bom.length + length * 2);
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), bom.charset);
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const body = bytes.subarray(0, length * 2);
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), utf16);
  }
  const start = bom ? bom.length : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(length, bytes.length - start)).toString('latin1');
}
