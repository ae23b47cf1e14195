/**
 * The part of oidc-provider 9 that Outbound uses (the package ships JavaScript
 * without type declarations). Kept to what we call, so a wrong call is a type error.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
    exp?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterConstructor = new (name: string) => Adapter;

  export interface KoaContextWithOIDC {
    path: string;
    method: string;
    status: number;
    body: unknown;
    /** koa's per-request state. */
    state?: Record<string, unknown>;
    headers: Record<string, string | string[] | undefined>;
    get(name: string): string;
    set(name: string, value: string): void;
    oidc: {
      route?: string;
      params?: Record<string, unknown>;
      client?: Client;
      entities: Record<string, unknown>;
      issuer: string;
    };
  }

  export type Next = () => Promise<void>;

  export interface Client {
    clientId: string;
    clientAuthMethod: string;
    grantTypes?: string[];
    grantTypeAllowed(type: string): boolean;
    clientSecret?: string;
  }

  export interface ClientStatic {
    prototype: Client & { compareClientSecret(actual: string): boolean | Promise<boolean> };
    find(id: string): Promise<Client | undefined>;
  }

  export interface Grant {
    addResourceScope(resource: string, scope: string): void;
    addOIDCScope(scope: string): void;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
    jti: string;
    accountId: string;
    clientId: string;
  }

  export interface GrantStatic {
    new (props: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
    adapter: Adapter;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, string | undefined>;
    session?: { accountId?: string };
    lastSubmission?: Record<string, unknown>;
    returnTo: string;
    exp: number;
  }

  export interface InteractionResult {
    login?: { accountId: string };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Configuration {
    [key: string]: unknown;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    Client: ClientStatic;
    Grant: GrantStatic;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(fn: (ctx: KoaContextWithOIDC, next: Next) => Promise<void>): void;
    on(event: 'server_error', listener: (ctx: KoaContextWithOIDC, err: unknown) => void): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResult, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResult, opts?: { mergeWithLastSubmission?: boolean }): Promise<string>;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidScope: new (description: string, scope?: string) => Error;
    InvalidRequest: new (description: string) => Error;
    AccessDenied: new (description?: string) => Error;
    UnauthorizedClient: new (description?: string) => Error;
    InvalidGrant: new (detail?: string) => Error;
  };

  export default Provider;
}
