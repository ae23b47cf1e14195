/**
 * Path parameters every /v3 surface shares: each route under `/:customerId/...` declares its
 * params with these, extended with its own (`CustomerParams.extend({ loginId: z.string() })`),
 * so /openapi.json names the customer the same way on every operation.
 */
import { z } from 'zod';

/** `/v3/{customerId}/...`: the customer (tenant) the request is for. */
export const CustomerParams = z.object({ customerId: z.string() });
