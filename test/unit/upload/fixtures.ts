/** Shared by the parser tests: fixture files, and the property "bad bytes give a positioned StatementParseError, nothing else". */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { StatementParseError } from '../../../src/upload/parsers/model.ts';

const DIR = new URL('../../fixtures/statements/', import.meta.url);

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, DIR)));
}

/** The error a parse throws (asserting it is a StatementParseError). */
export async function parseError(run: () => unknown): Promise<StatementParseError> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof StatementParseError, `expected a StatementParseError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the parse to fail');
}

/** Random edits of a valid document: bytes replaced, inserted, deleted, runs duplicated, truncation. */
export function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const op = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 64 }));
  return fc.array(op, { minLength: 1, maxLength: 6 }).map((ops) => {
    let b = Array.from(base);
    for (const [p, kind, value, length] of ops) {
      const i = p % (b.length + 1);
      if (kind === 0) b[i] = value;
      else if (kind === 1) b.splice(i, 0, value);
      else if (kind === 2) b.splice(i, length);
      else if (kind === 3) b.splice(i, 0, ...b.slice(i, i + length));
      else b = b.slice(0, i);
    }
    return new Uint8Array(b);
  });
}

/** Any input: the parser answers statements or a StatementParseError positioned inside the input. */
export function assertOnlyPositionedErrors(parse: (bytes: Uint8Array) => unknown, arbitrary: fc.Arbitrary<Uint8Array>, numRuns = 300): void {
  fc.assert(
    fc.property(arbitrary, (bytes) => {
      try {
        const out = parse(bytes);
        assert.ok(Array.isArray(out));
      } catch (err) {
        if (!(err instanceof StatementParseError)) throw err;
        const p = err.position;
        assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= bytes.length, `offset ${p.offset} outside 0..${bytes.length}: ${err.message}`);
        if (p.line !== undefined) assert.ok(Number.isInteger(p.line) && p.line >= 1);
        assert.ok(err.message.length > 0);
      }
    }),
    { numRuns },
  );
}

/** Random bytes, and random text (ASCII-heavy, to reach past the format checks). */
export const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 4000 }),
  fc.string({ maxLength: 800, unit: 'binary' }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
);
