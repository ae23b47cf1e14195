/**
 * Types read out of the generated OpenAPI types (schema.d.ts, made by openapi-typescript from the
 * server's /openapi.json): the JSON body an operation takes and the one it answers for a status.
 * Where the document gives no schema for an answer, the wire's envelope stands in for it, so a
 * method's type becomes exact as soon as the document describes it (regenerate with build:sdk).
 */
import type { paths } from './schema.js';

export type { paths };

export type Path = keyof paths;
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON member of a `content` map (a problem+json answer counts as JSON). */
type JsonOf<C> = C extends { 'application/json': infer B }
  ? B
  : C extends { 'application/json; charset=utf-8': infer B }
    ? B
    : C extends { 'application/problem+json': infer B }
      ? B
      : never;

type Operation<P extends Path, M extends Method> = M extends keyof paths[P] ? NonNullable<paths[P][M]> : never;

/** The JSON request body of an operation (`unknown` where the document leaves it open). */
export type RequestBody<P extends Path, M extends Method> = Operation<P, M> extends { requestBody?: infer R }
  ? NonNullable<R> extends { content: infer C }
    ? JsonOf<C>
    : never
  : never;

/** The query parameters of an operation. */
export type Query<P extends Path, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Q } }
  ? [NonNullable<Q>] extends [never] ? Record<string, never> : NonNullable<Q>
  : Record<string, never>;

/** The JSON body answered with status S, or `Fallback` where the document does not describe it. */
export type Answer<P extends Path, M extends Method, S extends number = 200, Fallback = FlinksEnvelope> = Operation<P, M> extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: infer C }
      ? [JsonOf<C>] extends [never] ? Fallback : JsonOf<C>
      : Fallback
    : Fallback
  : Fallback;

/** What every Connect, Enrich and Upload answer carries: the HTTP status again, and the rest. */
export interface FlinksEnvelope {
  HttpStatusCode?: number;
  FlinksCode?: string;
  Message?: string;
  RequestId?: string;
  [member: string]: unknown;
}

/** A security question of an HTTP 203 Authorize answer (docs.flinks.com/api/authorize/endpoints/authorize). */
export interface SecurityChallenge {
  /** QuestionAndAnswer, MultipleChoice, MultipleChoiceMultipleAnswers, ImageSelection, TextOrCall, … */
  Type: string;
  /** The question; it is also the key of its answer in SecurityResponses. */
  Prompt: string;
  /** The choices of a multiple-choice or image question. */
  Iterables?: string[];
  [member: string]: unknown;
}

/** The answers to a 203's challenges: the prompt is the key, its answers the value. */
export type SecurityResponses = Record<string, string[]>;

/** How a 202 answer is followed: its Async endpoint is polled until it answers something else. */
export interface PollOptions {
  /** First wait between two polls, in ms (default 1000); each wait is 1.5 times the last, up to maxIntervalMs. */
  intervalMs?: number;
  /** Longest wait between two polls, in ms (default 10 000). */
  maxIntervalMs?: number;
  /** Give up (PollTimeoutError) after this many ms (default 600 000: Flinks keeps a session 30 minutes). */
  timeoutMs?: number;
  /** Stops the polling (and the request under way); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of a single call. */
export interface CallOptions {
  signal?: AbortSignal;
}
