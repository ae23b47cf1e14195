/**
 * Flinks request normalising. The Flinks backend binds JSON case-insensitively and
 * real clients depend on it: they send `requestId`, `UserName`, `WithKyc`,
 * `login_id`, booleans as "true"/"True", and keys we do not know. Before schema
 * validation every key is mapped onto the schema's own spelling (comparing without
 * case and underscores), string booleans become booleans where the schema wants a
 * boolean, and unknown keys are dropped.
 */
import type { z } from 'zod';

/** Historic spellings that differ by more than case (DaysOfTransaction in older Flinks clients; docs/compatibility.md, conventions of every /v3 endpoint). */
const ALIASES: Record<string, string> = {
  daysoftransaction: 'daysoftransactions',
};

function fold(key: string): string {
  const k = key.replace(/[_\s-]/g, '').toLowerCase();
  return ALIASES[k] ?? k;
}

/**
 * The value of the first key of `o` that folds to one of `names`, for bodies read without a
 * schema (nested, open-ended shapes such as the Upload API's); undefined when none or not an object.
 */
export function pickKey(o: unknown, ...names: string[]): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const wanted = new Set(names.map(fold));
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) if (wanted.has(fold(k))) return v;
  return undefined;
}

type Kind = 'boolean' | 'number' | 'other';
interface FieldPlan {
  name: string;
  kind: Kind;
}

const plans = new WeakMap<object, Map<string, FieldPlan>>();

/**
 * What binding reads of a zod schema's definition: its kind, and the schema inside a wrapper or
 * the fields of an object. A body schema that is not zod's (JSON Schema) has none of it.
 */
interface SchemaDef {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
}

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def?: SchemaDef } } | null | undefined)?._zod?.def;
}

/** The schema inside the wrappers that do not change how a field binds (optional, default, pipe...). */
function unwrap(t: unknown): unknown {
  let cur = t;
  for (let i = 0; i < 10; i++) {
    const def = defOf(cur);
    const type = def?.type;
    if (type === 'optional' || type === 'nullable' || type === 'default' || type === 'prefault' || type === 'readonly' || type === 'catch') cur = def?.innerType;
    else if (type === 'pipe') cur = def?.in;
    else break;
  }
  return cur;
}

function planFor(schema: z.ZodType): Map<string, FieldPlan> | null {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def?.type !== 'object') return null;
  let plan = plans.get(s as object);
  if (!plan) {
    plan = new Map();
    for (const [name, field] of Object.entries(def.shape ?? {})) {
      const t = defOf(unwrap(field))?.type;
      plan.set(fold(name), { name, kind: t === 'boolean' ? 'boolean' : t === 'number' || t === 'int' ? 'number' : 'other' });
    }
    plans.set(s as object, plan);
  }
  return plan;
}

function coerce(value: unknown, kind: Kind): unknown {
  if (kind === 'boolean' && typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0' || v === '') return false;
  }
  if (kind === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/**
 * Returns `input` re-keyed to the schema's spelling. Non-objects are returned as
 * they are so that validation reports them. The first of two keys that fold to
 * the same name wins, as ASP.NET model binding does.
 */
export function normalizeKeys(input: unknown, schema: z.ZodType | undefined): unknown {
  if (!schema || input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const plan = planFor(schema);
  if (!plan) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const field = plan.get(fold(key));
    if (!field || field.name in out) continue;
    out[field.name] = coerce(value, field.kind);
  }
  return out;
}

/** Whether `schema` is an object whose keys are bound as Flinks binds them (an open body is left as sent). */
export function bindsKeys(schema: z.ZodType): boolean {
  return planFor(schema) !== null;
}

/**
 * Normalises and validates `input` against `schema` where a route cannot declare
 * a body schema (fastify refuses one on GET): same rules, same 400 on failure.
 */
export function parseFlinks<T extends z.ZodType>(schema: T, input: unknown, invalid: (detail: string) => Error): z.output<T> {
  const r = schema.safeParse(normalizeKeys(input ?? {}, schema));
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw invalid(`${issue.path.join('.') || 'body'}: ${issue.message}`);
}
