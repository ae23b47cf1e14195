/** What every product's methods share: the transport, the customer, its credentials and where each surface lives. */
import { path as fill, type Transport } from './http.js';
import type { Path } from './types.js';

export interface Context {
  transport: Transport;
  customerId: string;
  secretKey: string | undefined;
  apiKey: string | undefined;
  /** Where `/v3/{customerId}/...` lives: Connect, Enrich, Upload. */
  baseUrl: string;
  /** Pay's root (Maplelink: `{baseUrl}/pay`). */
  payBaseUrl: string;
  /** Outbound's root (Maplelink: `{baseUrl}/outbound`). */
  outboundBaseUrl: string;
}

/**
 * The base and path of an operation, from its path in the OpenAPI document (so a typo is a type
 * error). Maplelink mounts Pay under /pay and Outbound under /outbound; Flinks serves them at the
 * root of their own hosts, so those prefixes are replaced by the configured base.
 */
export function route(ctx: Context, template: Path, params: Record<string, string | number> = {}): { base: string; path: string } {
  if (template.startsWith('/pay/')) return { base: ctx.payBaseUrl, path: fill(template.slice('/pay'.length), params) };
  if (template.startsWith('/outbound/')) return { base: ctx.outboundBaseUrl, path: fill(template.slice('/outbound'.length), params) };
  return { base: ctx.baseUrl, path: fill(template, { customerId: ctx.customerId, ...params }) };
}

/** x-api-key, which Connect's data endpoints take (docs.flinks.com/guides/connect/authentication-reference). */
export function apiKeyHeader(ctx: Context): Record<string, string | undefined> {
  return { 'x-api-key': ctx.apiKey };
}

/** `Authorization: Bearer {secret key}`: GetNightlyRefreshStatus, the Enrich libraries and rules, the uploads of own data. */
export function bearerSecretHeader(ctx: Context): Record<string, string | undefined> {
  return { authorization: ctx.secretKey ? `Bearer ${ctx.secretKey}` : undefined };
}
