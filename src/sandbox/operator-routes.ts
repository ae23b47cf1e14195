/**
 * The sandbox's operator endpoint for the console's login page (registered only with SANDBOX on,
 * so without it the path answers 404 in the operator shape): reset a login as
 * POST /v3/{customerId}/sandbox/logins/{loginId}/reset does.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operatorErrors } from '../platform/operator/errors.ts';
import { LoginParams, type Connect } from '../connect/index.ts';

export async function sandboxOperatorRoutes(op: FastifyInstance, connect: Connect): Promise<void> {
  op.withTypeProvider<ZodTypeProvider>().post('/customers/:customerId/logins/:loginId/sandbox-reset', {
    schema: {
      tags: ['Operator'], security: [{ operator: [] }], params: LoginParams, response: { 200: z.object({ loginId: z.string(), reset: z.literal(true) }), ...operatorErrors },
      summary: 'Sandbox only: forget the login\'s saved credentials and answers, so its next live Authorize needs both again',
    },
  }, async (req) => {
    const { tenant, login } = await connect.operator.find(req.params.customerId, req.params.loginId);
    await connect.service.resetLogin(tenant, login.id);
    return { loginId: login.id, reset: true as const };
  });
}
