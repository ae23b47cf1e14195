/**
 * The one clock of the platform. Windows, expiries and schedules read it, never
 * Date.now() directly, so the sandbox can move time forward and tests are exact.
 */
export interface Clock {
  now(): Date;
}

/** Wall-clock time shifted by an offset that the sandbox can advance. */
export class ShiftableClock implements Clock {
  constructor(private offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  get offset(): number {
    return this.offsetMs;
  }
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of an instant, in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}
