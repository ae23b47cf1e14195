/**
 * One entry point for every statement format: detect it, decode the bytes, parse as a stream.
 *
 *   parseStatements(bytes, { filename?, format?, csv?, onProgress? })   a file in memory
 *   parseStatementStream(chunks, { ..., totalBytes? })                   a file read in chunks
 *
 * Both answer Statement[] (model.ts) or throw StatementParseError (message and position) - nothing else
 * for a document's fault. PDF statements go to pdf.ts (loaded only when a PDF comes).
 */
import { StatementDecoder } from './encoding.ts';
import { CsvParser, type CsvOptions } from './csv.ts';
import { Camt053Parser, xmlDeclaredCharset } from './camt053.ts';
import { detectFormat, knownOtherKind, SNIFF_BYTES } from './detect.ts';
import type { TextParser } from './drive.ts';
import { CHUNK_BYTES, withinInput } from './drive.ts';
import { Mt940Parser } from './mt940.ts';
import { OfxParser, ofxDeclaredCharset } from './ofx.ts';
import { StatementParseError, type Statement, type StatementFormat } from './model.ts';

export { StatementParseError } from './model.ts';
export type { Statement, StatementAccount, StatementTransaction, StatementFormat, StatementWarning, Balance, Position, AccountKind } from './model.ts';
export { formatWarning } from './warnings.ts';
export type { CsvOptions } from './csv.ts';
export { CSV_PRESETS } from './csv-presets.ts';
export { detectFormat } from './detect.ts';

export interface ParseOptions {
  /** The file's name: a hint for detection when the content alone does not decide. */
  filename?: string;
  /** Skip detection. */
  format?: StatementFormat;
  /** Force a charset (otherwise detected; see encoding.ts). */
  encoding?: string;
  csv?: CsvOptions;
  /** Called with the fraction of bytes read so far, 0 to 1. */
  onProgress?: (fraction: number) => void;
}

export async function parseStatements(bytes: Uint8Array, options: ParseOptions = {}): Promise<Statement[]> {
  return parseStatementStream(chunksOf(bytes), { ...options, totalBytes: bytes.length });
}

function* chunksOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
}

export async function parseStatementStream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ParseOptions & { totalBytes?: number } = {}): Promise<Statement[]> {
  const iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  // Enough of the start to detect the format and the declared charset.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = concat(head);
  if (!first.length) throw new StatementParseError('the file is empty', { offset: 0 });

  const detected = options.format ?? detectFormat(first, options.filename)?.format;
  if (!detected) {
    const other = knownOtherKind(first);
    throw new StatementParseError(other ? `not a statement: ${other}` : 'unrecognised format: not OFX/QFX, CSV, CAMT.053, MT940/MT942 or PDF', { offset: 0 });
  }

  if (detected === 'pdf') {
    const all = done ? [first] : [first, ...(await rest(iterator))];
    const { parsePdfStatement } = await import('./pdf.ts');
    const statements = await parsePdfStatement(concat(all));
    options.onProgress?.(1);
    return statements;
  }

  const headText = Buffer.from(first.buffer, first.byteOffset, Math.min(first.length, 4096)).toString('latin1');
  const encoding = options.encoding ?? options.csv?.encoding;
  let decoder: StatementDecoder;
  let parser: TextParser;
  switch (detected) {
    case 'ofx':
      decoder = new StatementDecoder({ encoding, declared: ofxDeclaredCharset(headText) });
      parser = new OfxParser(decoder);
      break;
    case 'camt053':
      decoder = new StatementDecoder({ encoding, declared: xmlDeclaredCharset(headText) });
      parser = new Camt053Parser(decoder);
      break;
    case 'mt940':
    case 'mt942':
      decoder = new StatementDecoder({ encoding });
      parser = new Mt940Parser(decoder);
      break;
    case 'csv':
      decoder = new StatementDecoder({ encoding, declared: options.csv?.preset === 'desjardins' ? 'windows-1252' : undefined });
      parser = new CsvParser(decoder, options.csv ?? {});
      break;
  }
  const total = options.totalBytes;
  let read = 0;
  const feed = (chunk: Uint8Array) => {
    read += chunk.length;
    const text = decoder.write(chunk);
    if (text) parser.write(text);
    if (total) options.onProgress?.(Math.min(1, read / total));
  };
  let statements: Statement[];
  try {
    feed(first);
    if (!done) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        feed(next.value);
      }
    }
    const tail = decoder.end();
    if (tail) parser.write(tail);
    statements = parser.end();
  } catch (err) {
    throw withinInput(err, read);
  }
  options.onProgress?.(1);
  return statements;
}

async function rest(iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return out;
    out.push(next.value);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
