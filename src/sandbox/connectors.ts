/**
 * The sandbox's institutions as Connect connectors, registered at setup the way the FDX
 * providers are: the scripted Flinks Capital bank, and the custom users a customer imported
 * (a login to Flinks Capital with an imported Username serves exactly that document).
 */
import type { Queryable } from '../platform/db.ts';
import type { Connector, ConnectorRegistry, ConnectorUser } from '../connect/index.ts';
import { flinksCapital } from './flinks-capital/connector.ts';
import { CustomUserDocument, customUserConnector } from './custom-users.ts';

/** The name stored with the logins of custom users (connect_logins.connector), as customUserConnector names itself. */
const CUSTOM_USER_CONNECTOR = 'custom';

/** A custom user's stored document, or null (Connect's store keeps them: sandbox_custom_users). */
export type FindCustomUser = (q: Queryable, customerId: string, username: string) => Promise<unknown>;

export function registerSandboxConnectors(connectors: ConnectorRegistry, findCustomUser: FindCustomUser): void {
  const customUser = async (q: Queryable, user: ConnectorUser): Promise<Connector | null> => {
    // A saved login names its document in its profile; a new login by the username typed.
    const doc = await findCustomUser(q, user.customerId, typeof user.profile?.customUser === 'string' ? user.profile.customUser : user.username);
    return doc ? customUserConnector(CustomUserDocument.parse(doc)) : null;
  };
  connectors.register(flinksCapital.name, flinksCapital);
  connectors.register(CUSTOM_USER_CONNECTOR, customUser);
  connectors.registerSandbox(async (q, user) => (await customUser(q, user)) ?? flinksCapital, flinksCapital.name);
}
