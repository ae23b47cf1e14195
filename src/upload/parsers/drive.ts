/**
 * Feeding bytes to a streaming text parser: decode chunk by chunk, report progress, finish.
 * The parsers never see bytes; they get text and a TextSource to turn positions back into bytes.
 */
import type { StatementDecoder } from './encoding.ts';
import { StatementParseError, type Statement } from './model.ts';

export interface TextSource {
  /** Bytes taken by `text` in the file's encoding. */
  measure(text: string): number;
  /** Bytes of a byte-order mark before the text. */
  readonly bomLength: number;
  /** Bytes per character when that is fixed for the text read so far (1 or 2), 0 when it varies. */
  fixedWidth?(): number;
}

export interface TextParser {
  write(text: string): void;
  end(): Statement[];
}

/** Text measured as UTF-8 with no byte-order mark: parsers used on strings directly (tests, tools). */
export const UTF8_SOURCE: TextSource = { measure: (t) => Buffer.byteLength(t, 'utf8'), bomLength: 0 };

export const CHUNK_BYTES = 1 << 20;

export function feedBytes(bytes: Uint8Array, decoder: StatementDecoder, parser: TextParser, onProgress?: (fraction: number) => void): Statement[] {
  try {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      const end = Math.min(bytes.length, at + CHUNK_BYTES);
      const text = decoder.write(bytes.subarray(at, end));
      if (text) parser.write(text);
      onProgress?.(end / bytes.length);
    }
    const rest = decoder.end();
    if (rest) parser.write(rest);
    return parser.end();
  } catch (err) {
    throw withinInput(err, bytes.length);
  }
}

/**
 * Byte offsets are measured back from the decoded text, which is exact except where invalid bytes
 * became replacement characters: an offset then never goes past the bytes actually read.
 */
export function withinInput(err: unknown, bytesRead: number): unknown {
  if (err instanceof StatementParseError && err.position.offset > bytesRead) err.position.offset = bytesRead;
  return err;
}
