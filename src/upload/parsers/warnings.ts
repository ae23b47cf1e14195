/**
 * What a statement file left blank or the reader skipped, told beside what was imported.
 *
 * A value a bank leaves empty (an OFX <BALAMT></BALAMT>, an MT940 entry date of four spaces, a CSV
 * opening-balance row without an amount) is unknown, not an error: the statement is imported
 * without it and a warning says so. The same warning repeated on many transactions is kept once,
 * with the line where it first occurred and how many times it did, so the list stays short.
 */
import type { Position, StatementWarning } from './model.ts';

export class Warnings {
  private readonly byMessage = new Map<string, StatementWarning>();

  add(message: string, at?: Position | (() => Position)): void {
    const seen = this.byMessage.get(message);
    if (seen) {
      seen.count++;
      return;
    }
    // Positions are computed for the first occurrence only (a line count can cost a scan).
    const p = typeof at === 'function' ? at() : at;
    this.byMessage.set(message, p?.line ? { message, line: p.line, count: 1 } : { message, count: 1 });
  }

  get size(): number {
    return this.byMessage.size;
  }

  list(): StatementWarning[] {
    return [...this.byMessage.values()];
  }
}

/** "line 12: TRNAMT is empty: the transaction is skipped (3 times)". */
export function formatWarning(w: StatementWarning): string {
  return `${w.line ? `line ${w.line}: ` : ''}${w.message}${w.count > 1 ? ` (${w.count} times)` : ''}`;
}
