/**
 * Schema helpers every HTTP surface shares.
 *
 * Some request parts are read by their handler rather than by validation: open, nested bodies
 * (Enrich's Upload API), or parts merged from the body and the query (Connect's AuthorizeAsync,
 * which takes its fields either way). Their schema documents the shape in /openapi.json and
 * lets any value through as sent, so the handler's own checks and messages stay the answer.
 */
import { z } from 'zod';

/** A request part documented by `shape` and checked by the handler: any value passes, as sent. */
export function checkedByHandler(shape: z.ZodType): z.ZodUnknown {
  const { $schema: _, ...json } = z.toJSONSchema(shape, { io: 'input' });
  return z.unknown().meta(json);
}
