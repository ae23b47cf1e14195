/**
 * Partner use cases (docs.flinks.com/api/outbound/endpoints/data-receipts, .../registration): data recipients (create, list, read,
 * replace redirect URIs, new secret), their registration with providers, and
 * the provider directory as a partner sees it. Wire shapes are Flinks's
 * (snake_case, scope as a space-separated string).
 */
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../platform/platform.ts';
import { hashSecret } from '../../platform/crypto.ts';
import { managementErrors } from '../errors.ts';
import { DATA_SCOPES, REQUIRED_SCOPE, isDataScope } from '../scopes.ts';
import type { OutboundStore, RecipientRow, RegistrationRow, RegistrationStatus } from '../store.ts';
import { DATA_INVENTORY, findProvider, listProviders, providerUrl, type DataProvider } from '../providers.ts';
import type { NewRecipient } from '../schemas.ts';

export const REGISTRATION_QUEUE = 'outbound.registration-step';
/** Seconds between two registration steps (approval, then activation): automatic here. */
export const REGISTRATION_STEP_SECONDS = 1;


const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A recipient client id as Flinks makes them: `dc-` and 25 lower-case letters and digits. */
export function newClientId(): string {
  const bytes = randomBytes(25);
  let s = 'dc-';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Flinks writes times with seven fractional digits: 2024-02-29T14:24:42.6055680Z. */
export function flinksTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}0000Z`);
}

/** The scope of a new recipient: given as a list or a space-separated string; all eight when absent; ACCOUNT_BASIC always. */
export function recipientScope(raw: string[] | string | undefined): string {
  if (raw === undefined) return DATA_SCOPES.join(' ');
  const asked = (Array.isArray(raw) ? raw : raw.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((s) => !isDataScope(s));
  if (unknown.length > 0) throw managementErrors.invalidRequest(`Unknown scope ${unknown.join(', ')}; the scopes are ${DATA_SCOPES.join(', ')}`);
  const set = new Set([REQUIRED_SCOPE, ...asked]);
  return DATA_SCOPES.filter((s) => set.has(s)).join(' ');
}

function summary(r: RecipientRow) {
  return { client_id: r.client_id, name: r.name, logo_uri: r.logo_uri, description: r.description, terms_uri: r.terms_uri, client_uri: r.client_uri, country: r.country, contacts: r.contacts };
}

function full(r: RecipientRow) {
  return { ...summary(r), scope: r.scope, redirect_uris: r.redirect_uris, token_endpoint_auth_method: r.auth_method };
}

function registration(g: RegistrationRow, provider: DataProvider | undefined) {
  return {
    client_id: g.client_id,
    client_name: g.client_name,
    provider_id: g.provider_id,
    provider_name: provider?.name ?? null,
    country: provider?.country ?? g.country,
    registration_status: g.status,
    requested_on: flinksTime(g.requested_on),
  };
}

export class Recipients {
  constructor(private readonly p: Platform, private readonly store: OutboundStore) {}

  private get sandbox() {
    return { sandbox: this.p.config.sandbox };
  }

  async create(customerId: string, input: NewRecipient) {
    const isPublic = input.token_endpoint_auth_method === 'none';
    const secret = isPublic ? null : newSecret();
    const row: RecipientRow = {
      client_id: newClientId(),
      customer_id: customerId,
      name: input.name.trim(),
      secret_hash: secret ? hashSecret(secret) : null,
      auth_method: isPublic ? 'none' : 'client_secret_post',
      redirect_uris: input.redirect_uris,
      scope: recipientScope(input.scope),
      logo_uri: input.logo_uri ?? null,
      description: input.description ?? null,
      terms_uri: input.terms_uri ?? null,
      client_uri: input.client_uri ?? null,
      country: input.country ?? 'CA',
      contacts: input.contacts ?? [],
      created_at: this.p.clock.now(),
    };
    await this.store.insertRecipient(this.p.db, row);
    return { ...full(row), ...(secret ? { client_secret: secret } : {}) };
  }

  async list(customerId: string) {
    return (await this.store.recipients(customerId)).map(summary);
  }

  async get(customerId: string, clientId: string) {
    return full(await this.require(customerId, clientId));
  }

  async replaceRedirectUris(customerId: string, clientId: string, uris: string[]) {
    if (!(await this.store.setRedirectUris(customerId, clientId, uris))) throw managementErrors.notFound(`Recipient ${clientId} was not found`);
    return this.get(customerId, clientId);
  }

  async regenerateSecret(customerId: string, clientId: string) {
    const r = await this.require(customerId, clientId);
    if (r.auth_method === 'none') throw managementErrors.invalidRequest(`Recipient ${clientId} is a public client (token_endpoint_auth_method none): it has no secret`);
    const secret = newSecret();
    await this.store.setSecretHash(customerId, clientId, hashSecret(secret));
    return { ...full(r), client_secret: secret };
  }

  private async require(customerId: string, clientId: string): Promise<RecipientRow> {
    const r = await this.store.recipient(this.p.db, customerId, clientId);
    if (!r) throw managementErrors.notFound(`Recipient ${clientId} was not found`);
    return r;
  }

  // ---- registrations ------------------------------------------------------------

  /** Requests the registration of each recipient with each provider; answers every pair as it now stands. */
  async requestRegistrations(customerId: string, clientIds: string[], providerIds: string[]) {
    if (clientIds.length === 0 || providerIds.length === 0) throw managementErrors.invalidRequest('Name at least one recipient and one provider (comma-separated lists)');
    for (const id of clientIds) await this.require(customerId, id);
    const providers = providerIds.map((id) => {
      const found = findProvider(id, this.sandbox);
      if (!found) throw managementErrors.notFound(`Provider ${id} was not found`);
      return found;
    });
    const now = this.p.clock.now();
    // Pairs are inserted in one order whatever the request's: two requests naming the same
    // recipients in opposite orders would otherwise each wait on the row the other inserted (a deadlock).
    const sortedClients = [...new Set(clientIds)].sort();
    const sortedProviders = [...new Map(providers.map((x) => [x.id, x])).values()].sort((x, y) => x.id - y.id);
    await this.p.db.tx(async (q) => {
      for (const clientId of sortedClients) {
        for (const provider of sortedProviders) {
          if (await this.store.requestRegistration(q, customerId, clientId, provider.id, now)) {
            await this.p.jobs.send(REGISTRATION_QUEUE, { customerId, clientId, providerId: provider.id }, { q, startAfterSeconds: REGISTRATION_STEP_SECONDS });
          }
        }
      }
    });
    const wanted = new Set(clientIds.flatMap((c) => providers.map((p) => `${c}/${p.id}`)));
    return (await this.store.registrations(customerId, null)).filter((g) => wanted.has(`${g.client_id}/${g.provider_id}`)).map((g) => registration(g, findProvider(g.provider_id, this.sandbox)));
  }

  async registrations(customerId: string, clientId: string | null) {
    if (clientId !== null) await this.require(customerId, clientId);
    return (await this.store.registrations(customerId, clientId)).map((g) => registration(g, findProvider(g.provider_id, this.sandbox)));
  }

  /** The job: approval, then activation, a step each run (automatic: the operator is Flinks and the provider here). */
  async advance(job: { customerId: string; clientId: string; providerId: number }): Promise<RegistrationStatus | null> {
    const status = await this.store.advanceRegistration(job.customerId, job.clientId, job.providerId, this.p.clock.now());
    if (status && status !== 'ACTIVE') await this.p.jobs.send(REGISTRATION_QUEUE, job, { startAfterSeconds: REGISTRATION_STEP_SECONDS });
    return status;
  }

  // ---- providers ------------------------------------------------------------------

  providersV1() {
    return listProviders(this.sandbox).map((p) => ({ provider_id: p.id, name: p.name, country: p.country, scopes: [...p.scopes] }));
  }

  providerV1(id: string) {
    const p = findProvider(id, this.sandbox);
    if (!p) throw managementErrors.notFound(`Provider ${id} was not found`);
    return { provider_id: p.id, name: p.name, country: p.country, scopes: [...p.scopes], provider_url: providerUrl(p), data_inventory: DATA_INVENTORY };
  }

  async providersV2(customerId: string, countries: string[] | null, enabled: boolean | null) {
    const statuses = new Map<number, Set<RegistrationStatus>>();
    for (const g of await this.store.registrations(customerId, null)) {
      let s = statuses.get(g.provider_id);
      if (!s) statuses.set(g.provider_id, (s = new Set()));
      s.add(g.status);
    }
    const statusOf = (id: number): 'Activated' | 'PendingActivation' | 'Available' => {
      const s = statuses.get(id);
      return s?.has('ACTIVE') ? 'Activated' : s && s.size > 0 ? 'PendingActivation' : 'Available';
    };
    const str = (b: boolean): 'true' | 'false' => (b ? 'true' : 'false');
    return listProviders(this.sandbox)
      .filter((p) => !countries || countries.includes(p.country))
      .map((p) => ({
        provider_id: p.id,
        name: p.name,
        country: p.country,
        scopes: [...p.scopes],
        status: statusOf(p.id),
        connectorName: p.connectorName,
        availableAccountTypes: {
          depositAccounts: str(p.accountTypes.depositAccounts),
          investmentAccounts: str(p.accountTypes.investmentAccounts),
          loanAccounts: str(p.accountTypes.loanAccounts),
          locAccounts: str(p.accountTypes.locAccounts),
        },
      }))
      .filter((p) => enabled === null || (enabled ? p.status === 'Activated' : p.status !== 'Activated'));
  }
}
