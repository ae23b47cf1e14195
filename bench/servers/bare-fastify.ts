/** Baseline: a bare fastify server with one route answering the bytes of BODY_FILE. */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.BODY_FILE!, 'utf8');
const app = Fastify();
app.get('/*', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
const address = await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
