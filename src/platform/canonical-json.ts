/**
 * JSON with object keys sorted at every level (arrays keep their order; members whose value is
 * undefined are left out, as JSON.stringify does): the same value gives the same text whatever
 * order its keys came in. PostgreSQL's jsonb, for one, stores an object's keys in an order of its
 * own (shorter keys first), so JSON read back from it is not the text that was written.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
