/**
 * The console's pages, in the order of the left navigation. Each area is served at
 * /console/<area>/... and is one entry here; each slice adds its own line(s) and keeps its page in
 * its own files (pages/<area>*.tsx). `element` receives the segments after the area and the query.
 */
import type { ComponentType } from 'react';
import type { IconName } from '../ui.tsx';
import type { PageProps } from '../router.tsx';
import { CustomersPage } from './customers.tsx';
import { RequestsPage } from './requests.tsx';
import { LoginsPage } from './logins.tsx';
import { WebhooksPage } from './webhooks.tsx';
import { PayPage } from './pay.tsx';
import { OutboundPage } from './outbound.tsx';
import { SandboxPage } from './sandbox.tsx';

export interface PageEntry {
  area: string;
  nav: { en: string; fr: string };
  element: ComponentType<PageProps>;
  /** The nav's icon (web/shared's set); a dot when absent. */
  icon?: IconName;
}

export const pages: PageEntry[] = [
  { area: 'customers', nav: { en: 'Customers', fr: 'Clients' }, element: CustomersPage, icon: 'shield' },
  { area: 'requests', nav: { en: 'Request feed', fr: 'Flux des requêtes' }, element: RequestsPage, icon: 'search' },
  { area: 'logins', nav: { en: 'Logins', fr: 'Connexions' }, element: LoginsPage, icon: 'bank' },
  { area: 'webhooks', nav: { en: 'Webhooks', fr: 'Webhooks' }, element: WebhooksPage, icon: 'mail' },
  { area: 'pay', nav: { en: 'Pay', fr: 'Pay' }, element: PayPage, icon: 'bank' },
  { area: 'outbound', nav: { en: 'Outbound', fr: 'Outbound' }, element: OutboundPage, icon: 'globe' },
  { area: 'sandbox', nav: { en: 'Sandbox', fr: 'Bac à sable' }, element: SandboxPage, icon: 'lock' },
];
