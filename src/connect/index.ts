/**
 * The Connect product: BankingServices endpoints, request sessions, aggregation,
 * the nightly refresh and the webhooks that aggregation fires.
 */
import type { Platform, Product } from '../platform/platform.ts';
import type { Queryable } from '../platform/db.ts';
import { connectMigrations } from './migrations.ts';
import { Aggregation } from './aggregation.ts';
import { ConnectService } from './service.ts';
import { ConnectData } from './data.ts';
import { ConnectStore } from './store.ts';
import { holderJson } from './wire.ts';
import { tokenAuthorizesData } from './tokens.ts';
import { connectRoutes } from './routes.ts';
import { ApiError } from '../platform/errors.ts';
import { FdxProviders, FDX_CONNECTOR } from './connectors/fdx/providers.ts';
import { fdxMigrations } from './connectors/fdx/migrations.ts';
import { fdxRoutes } from './connectors/fdx/routes.ts';
import type { ConnectorRegistry } from './connectors/registry.ts';
import { statementInput, type StatementSource } from './statements/input.ts';
import { OperatorLogins } from './operator.ts';
import { connectOperatorRoutes } from './operator-routes.ts';

// What other products may use of Connect: this module is its only door.
export type { ConnectorRegistry, ConnectorLookup, ConnectorUser } from './connectors/registry.ts';
export type { AccountData, Challenge, ChallengeType, ConnectedProfile, Connector, Credentials, HolderData, LoginData, LoginStep, TransactionData } from './connectors/connector.ts';

export type { StatementSource } from './statements/input.ts';
// What Enrich and Upload use of Connect: its session rules, rows, wire pieces, errors and institutions.
export { effectiveState } from './sessions/machine.ts';
export { facts } from './service.ts';
export { connectErrors } from './errors.ts';
export type { AccountRow, LoginRow, TransactionRow } from './store.ts';
export { link, loginJson } from './wire.ts';
export { findByRoutingNumber, findInstitution, listInstitutions, type Institution } from './institutions/catalog.ts';
export type { Answer } from './service.ts';
export { maskAccountNumber } from './statements/format.ts';
// The operator console's pieces Enrich and the sandbox build on (their login pages' endpoints).
export type { OperatorLogins } from './operator.ts';
export { LoginParams } from './operator-routes.ts';

/**
 * One monthly statement as a PDF, from Connect's rows: GetStatements and Outbound's FDX statements
 * print the same. pdfkit loads with the first statement, not when the server starts.
 */
export async function renderStatement(s: StatementSource): Promise<Buffer> {
  const { renderStatementPdf } = await import('./statements/pdf.ts');
  return renderStatementPdf(statementInput(s));
}

/** The `count` complete calendar months before `endDate` (YYYY-MM-DD), newest first: the months GetStatements offers. */
export async function statementPeriods(endDate: string, count: number): Promise<{ start: string; end: string }[]> {
  const pdf = await import('./statements/pdf.ts');
  return pdf.statementPeriods(endDate, count);
}

export const NIGHTLY_QUEUE = 'connect.nightly-refresh';

export interface Connect {
  service: ConnectService;
  /** Where the institutions' connectors register (the FDX providers here, the sandbox's at its setup). */
  connectors: ConnectorRegistry;
  /** Remote FDX providers as institutions (OAuth consent, FDX aggregation). */
  fdx: FdxProviders;
  data: ConnectData;
  aggregation: Aggregation;
  /** The operator console's logins: search, show, refresh, delete, and find (customer and login, or 404). */
  operator: OperatorLogins;
  /** Writes the KYC and GetAccountsDetail webhooks of a login (inside transaction q). */
  fireWebhooks(q: Queryable, customerId: string, loginId: string, types?: ('KYC' | 'GetAccountsDetail')[]): Promise<string[]>;
}

/** Default GetAccountsDetail options of the webhook payload: everything a lender reads. */
const WEBHOOK_DETAIL = { WithAccountIdentity: true, WithKYC: true, WithTransactions: true, WithBalance: true, DaysOfTransactions: 'Days365' };

export function createConnect(p: Platform): Connect {
  const store = new ConnectStore(p.db);
  const aggregation = new Aggregation(p, store);
  const service = new ConnectService(p, store, aggregation);
  const data = new ConnectData(p, service.store, service.limits);
  const fdx = new FdxProviders(p, store, aggregation);
  service.connectors.register(FDX_CONNECTOR, fdx.connector);

  const fireWebhooks: Connect['fireWebhooks'] = async (q, customerId, loginId, types = ['KYC', 'GetAccountsDetail']) => {
    const tenant = await p.tenants.find(customerId, q);
    const login = await service.store.findLogin(q, customerId, loginId);
    if (!tenant || !login || !tenant.webhookUrl) return [];
    const requestRow = { id: loginId, tag: login.tag } as never;
    const detail = await data.build(q, tenant, 'GetAccountsDetail', requestRow, login, WEBHOOK_DETAIL);
    const ids: string[] = [];
    for (const type of types) {
      const body = type === 'KYC'
        ? { ResponseType: 'KYC', HttpStatusCode: 200, Login: detail.Login, Institution: detail.Institution, Holder: holderJson(await service.store.holder(q, customerId, loginId)), Tag: login.tag }
        : { ...detail, ResponseType: 'GetAccountsDetail' };
      const id = await p.webhooks.enqueue(q, tenant, type, body);
      if (id) ids.push(id);
    }
    return ids;
  };

  aggregation.wire({
    onAggregated: async (q, customerId, loginId) => {
      data.forgetLogin(loginId);
      await fireWebhooks(q, customerId, loginId);
    },
    connectorForLogin: async (q, customerId, loginId) => {
      const login = await service.store.findLogin(q, customerId, loginId);
      return login ? { login, connector: await service.connectorForLogin(q, customerId, login) } : null;
    },
  });
  return { service, connectors: service.connectors, data, aggregation, fdx, fireWebhooks, operator: new OperatorLogins(p, service) };
}

/**
 * Connect as a product, and `connect()`: Connect once its setup has run. The products that use
 * Connect receive that function at composition (src/products.ts) and call it from their own
 * setup or routes, which run after Connect's (products are set up in their listed order).
 */
export interface ConnectProduct extends Product {
  /** A function property, not a method: products receive it on its own (src/products.ts). */
  connect: () => Connect;
}

export function connectProduct(): ConnectProduct {
  let connect: Connect | null = null;
  const built = (): Connect => {
    if (!connect) throw new Error('Connect is used before its setup ran: list the connect product before the products that use it');
    return connect;
  };
  return {
    name: 'connect',
    tags: [
      { name: 'Connect', description: 'Flinks Connect (docs.flinks.com/api/authorize): the authorize flow with its MFA rounds (203), the account, transaction and statement data calls with their Async polling (202), refresh settings and the institution catalog.' },
      { name: 'Connect: FDX providers', description: 'Connect through FDX data providers over OAuth: the providers a customer configures, the OAuth authorize step and its callback.' },
    ],
    migrations: [...connectMigrations, ...fdxMigrations],
    customerData: {
      // An authorize token not yet used was obtained with the old secret: it goes with it.
      revokeOnRotate: async (q, customerId) => {
        await q.query('delete from connect_authorize_tokens where customer_id = $1 and request_id is null', [customerId]);
      },
    },
    connect: built,
    setup(p) {
      const c = createConnect(p);
      connect = c;
      p.tokenAuthorizesData = (tenant, token) => tokenAuthorizesData(c.service.store, p.db, tenant.id, token, p.clock.now());
      c.aggregation.define();
      p.jobs.define<{ customerId?: string }>({
        name: NIGHTLY_QUEUE,
        cron: p.config.nightlyRefreshCron,
        retryLimit: 1,
        expireInSeconds: 3600,
        concurrency: 1,
        handler: async () => {
          await nightlyRefresh(p, c);
        },
      });
    },
    async operatorRoutes(op) {
      await connectOperatorRoutes(op, built().operator);
    },
    async v3Routes(v3, p) {
      const { service, data, fdx } = built();
      await connectRoutes(v3, service, data, { sandbox: p.config.sandbox, extraInstitutions: (customerId) => fdx.asFlinks(customerId) });
      await fdxRoutes(v3, fdx);
    },
  };
}

/**
 * The nightly refresh: every saved login with the scheduled-refresh flag is
 * refreshed without a person, with its stored answers; failures are recorded
 * for GetNightlyRefreshStatus.
 */
export async function nightlyRefresh(p: Platform, connect: Connect): Promise<{ refreshed: number; failed: number }> {
  await p.refreshClock();
  let refreshed = 0;
  let failed = 0;
  const logins = await connect.service.store.scheduledLogins();
  let next = 0;
  // A few logins at a time, each in its own transaction: one after the other, a thousand logins
  // took minutes to hand out while the workers waited for them (bench/scale.ts).
  const lane = async () => {
    for (let i = next++; i < logins.length; i = next++) {
      const { id, customer_id } = logins[i]!;
      const tenant = await p.tenants.find(customer_id);
      if (!tenant) continue;
      try {
        const a = await connect.service.authorizeMultiple(tenant, [id], false);
        if ((a.body as { ValidLoginIds: unknown[] }).ValidLoginIds.length > 0) refreshed++;
        else failed++;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        failed++;
      }
      // Wake this process's workers as the jobs arrive rather than once at the end.
      if (i % NIGHTLY_LANES === 0) connect.aggregation.flush();
    }
  };
  await Promise.all(Array.from({ length: NIGHTLY_LANES }, lane));
  connect.aggregation.flush();
  return { refreshed, failed };
}

/** Logins the nightly refresh hands out at once (each holds a connection of the process's ten). */
const NIGHTLY_LANES = 4;
