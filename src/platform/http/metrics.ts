/** Prometheus metrics: a latency histogram per route and the job system's counters. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Jobs } from '../jobs.ts';
import type { RequestLog } from '../requests/log.ts';

export function registerMetrics(app: FastifyInstance, jobs: Jobs, requestLog: RequestLog): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'jobs_active', help: 'Jobs running in this process', registers: [registry],
    collect() { this.set(jobs.stats().active); },
  });
  new Gauge({
    name: 'jobs_completed', help: 'Jobs completed by this process since start', registers: [registry],
    collect() { this.set(jobs.stats().completed); },
  });
  new Gauge({
    name: 'jobs_failed', help: 'Job attempts that failed in this process since start', registers: [registry],
    collect() { this.set(jobs.stats().failed); },
  });
  // The request log's buffer (platform/requests/log.ts): what it wrote, what it had to drop
  // (full while the database was slow or away), and what waits. Counters read at scrape time.
  const counted = (name: string, help: string, read: () => number) =>
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(read()); } });
  counted('request_log_written_total', 'Recorded requests written to the request log', () => requestLog.stats().written);
  counted('request_log_dropped_total', 'Recorded requests dropped because the request log buffer was full (or closing could not write them)', () => requestLog.stats().dropped);
  counted('request_log_failed_flushes_total', 'Request log inserts that failed (the rows stay buffered and are retried)', () => requestLog.stats().failedFlushes);
  new Gauge({ name: 'request_log_buffered', help: 'Recorded requests waiting in memory for the next request log insert', registers: [registry], collect() { this.set(requestLog.stats().buffered); } });
  const errors = new Counter({ name: 'http_server_errors_total', help: 'Responses with a 5xx status', registers: [registry] });

  // Each route gets its own onResponse hook with its labels resolved once: reading
  // request.routeOptions or resolving labels on every response was the largest cost
  // of a trivial request.
  app.addHook('onRoute', (route) => {
    const path = route.url ?? route.path;
    const children = new Map<number, { observe(v: number): void }>();
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hook = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      let child = children.get(reply.statusCode);
      if (!child) {
        child = duration.labels(methods.length === 1 ? methods[0]! : req.method, path, String(reply.statusCode));
        if (methods.length === 1) children.set(reply.statusCode, child);
      }
      child.observe(reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) errors.inc();
      done();
    };
    const existing = route.onResponse;
    route.onResponse = existing ? [hook, ...(Array.isArray(existing) ? existing : [existing])] : [hook];
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
