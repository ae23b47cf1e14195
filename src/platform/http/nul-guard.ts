/**
 * PostgreSQL's text and jsonb cannot hold the NUL character (U+0000): a request that
 * smuggles one into a value we store would fail at the INSERT, as a 500. No Flinks field
 * carries NUL, so a request holding one anywhere (path, query, body; keys included) is
 * refused before validation with a 400 that every product renders in its own error shape.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

class NulCharacterError extends Error {
  readonly statusCode = 400;
  readonly code = 'MAPLELINK_NUL_CHARACTER';
  constructor(where: string) {
    super(`${where} contains the NUL character (\\u0000), which no field accepts`);
  }
}

/** Where the first NUL is in a parsed value (a dotted path), or null. Iterative: a deeply nested body cannot overflow the stack. */
export function findNul(value: unknown, root: string): string | null {
  // Bodies can be megabytes: a quick look first, and the path only for the rare body that holds one.
  return holdsNul(value) ? pathOfNul(value, root) : null;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  const stack: object[] = [];
  if (isWalkable(value)) stack.push(value);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') {
          if (x.includes('\u0000')) return true;
        } else if (isWalkable(x)) stack.push(x);
      }
    } else {
      for (const key in v) {
        if (key.includes('\u0000')) return true;
        const x: unknown = (v as Record<string, unknown>)[key];
        if (typeof x === 'string') {
          if (x.includes('\u0000')) return true;
        } else if (isWalkable(x)) stack.push(x);
      }
    }
  }
  return false;
}

function isWalkable(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v);
}

function pathOfNul(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (isWalkable(v)) {
      for (const key of Object.keys(v)) {
        if (key.includes('\u0000')) return `${path} (a key)`;
        stack.push([(v as Record<string, unknown>)[key], `${path}.${key}`]);
      }
    }
  }
  return null;
}

/** Refuses a string holding NUL (multipart fields and other values read outside the parsers). */
export function assertNoNul(value: string, where: string): void {
  if (value.includes('\u0000')) throw new NulCharacterError(where);
}

/** Installs the check on every route of `app` (call before the products register). */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (req: FastifyRequest, _reply, done) => {
    // A decoded path or query holds NUL only when the URL carried %00: look before walking.
    const where = (req.url.includes('%00') ? findNul(req.params, 'path') ?? findNul(req.query, 'query') : null) ?? (req.body !== undefined ? findNul(req.body, 'body') : null);
    done(where ? new NulCharacterError(where) : undefined);
  });
}
