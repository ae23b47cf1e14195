/**
 * Where a parser is in the document, for StatementParseError positions.
 *
 * Streaming parsers keep only the unread part of the text in a buffer; the cursor remembers how many
 * bytes and lines came before that buffer, so an error found in it can still name a byte offset,
 * a line and a column of the original file.
 */
import type { Position } from './model.ts';

export class Cursor {
  /** Byte offset of the start of the parser's buffer in the file. */
  offset: number;
  /** 1-based line and column (in characters) of the start of the parser's buffer. */
  line = 1;
  column = 1;

  constructor(private readonly measure: (text: string) => number, startOffset = 0) {
    this.offset = startOffset;
  }

  /** The parser dropped `text` from the front of its buffer. */
  advance(text: string): void {
    this.offset += this.measure(text);
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.column += text.length;
      return;
    }
    let last = nl;
    let lines = 0;
    while (nl >= 0) {
      lines++;
      last = nl;
      nl = text.indexOf('\n', nl + 1);
    }
    this.line += lines;
    this.column = text.length - last;
  }

  /** The position of `buffer[index]`, where `buffer` starts at the cursor. */
  at(buffer: string, index: number): Position {
    const before = buffer.slice(0, Math.max(0, Math.min(index, buffer.length)));
    const last = before.lastIndexOf('\n');
    let lines = 0;
    for (let nl = before.indexOf('\n'); nl >= 0; nl = before.indexOf('\n', nl + 1)) lines++;
    return {
      offset: this.offset + this.measure(before),
      line: this.line + lines,
      column: last < 0 ? this.column + before.length : before.length - last,
    };
  }
}

/** "line 3, column 7 (byte 45)" */
export function describePosition(p: Position): string {
  const where = p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''} (byte ${p.offset})` : `byte ${p.offset}`;
  return where;
}
