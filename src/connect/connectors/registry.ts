/**
 * The connectors Connect knows, by the name it stores on each login and session. Connect
 * itself reaches no institution: the FDX providers, the sandbox's Flinks Capital and its
 * custom users register here at setup, and Connect asks by name (a saved login, a pending
 * MFA answer) or, for a new login at a sandbox institution, asks the sandbox's chooser.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Connector } from './connector.ts';

/** Who is logging in, as far as a connector chosen per user needs to know. */
export interface ConnectorUser {
  customerId: string;
  /** The username typed (a new login) or stored with the login. */
  username: string;
  /** The connected profile's data of a saved login (absent for a login not made yet). */
  profile?: Record<string, unknown>;
}

/**
 * A connector that depends on the customer's own data (a custom sandbox user's document):
 * null when there is none for this user. q: the session's transaction.
 */
export type ConnectorLookup = (q: Queryable, user: ConnectorUser) => Promise<Connector | null>;

export class ConnectorRegistry {
  private readonly byName = new Map<string, Connector | ConnectorLookup>();
  private sandboxChooser: ConnectorLookup | null = null;
  /** The name a session or login without one was opened with (those predate the connector column). */
  private fallbackName: string | null = null;

  /** A connector by the name stored with its logins. */
  register(name: string, connector: Connector | ConnectorLookup): void {
    if (this.byName.has(name)) throw new Error(`connector ${name} is registered twice`);
    this.byName.set(name, connector);
  }

  /**
   * The sandbox institutions' connectors: `choose` picks the one for a new login (a custom
   * user's, else the scripted bank), and `fallback` names the one that serves a stored name
   * nothing registered (the sandbox's scripted bank, as before connectors were named).
   */
  registerSandbox(choose: ConnectorLookup, fallback: string): void {
    this.sandboxChooser = choose;
    this.fallbackName = fallback;
  }

  /** The connector of a new login at a sandbox institution, or null when no sandbox registered. */
  forSandboxLogin(q: Queryable, user: ConnectorUser): Promise<Connector | null> {
    return this.sandboxChooser ? this.sandboxChooser(q, user) : Promise.resolve(null);
  }

  /** The connector stored by name with a session or login; null when it serves this user no more. */
  async named(q: Queryable, name: string, user: ConnectorUser): Promise<Connector | null> {
    const entry = this.byName.get(name) ?? (this.fallbackName === null ? undefined : this.byName.get(this.fallbackName));
    if (entry === undefined) return null;
    return typeof entry === 'function' ? entry(q, user) : entry;
  }

}
