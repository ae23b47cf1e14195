/**
 * Pay's tables (EFT V1, files, returns, tokens, payment requests). Every row
 * carries customer_id and every query filters on it. The sessions product keeps
 * its own tables in its own migrations, applied after these.
 */
import type { Migration } from '../platform/migrations.ts';
import { payAuthMigrations } from './auth.ts';
import { paymentRequestMigrations } from './payment-requests.ts';
import { eftMigrations } from './eft/schema.ts';

export const payMigrations: Migration[] = [...payAuthMigrations, ...paymentRequestMigrations, ...eftMigrations];
