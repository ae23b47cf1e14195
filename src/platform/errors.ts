/**
 * The base of every error a product answers with. Each product keeps one
 * registry (a module of named constructors) and one serializer for its wire
 * shape: the Flinks envelope for Connect/Enrich/Upload, RFC 7807 for Pay,
 * OAuth/FDX bodies for Outbound.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the error body (e.g. RequestId, Links). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A registry entry: a code with its HTTP status and message template ("{name}" placeholders). */
export function defineError(status: number, code: string, template: string) {
  return (params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) =>
    new ApiError(status, code, template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)), extra);
}
