/** What Connect keeps of a customer's FDX provider and of a consent's tokens, and what registers a provider. */
import { z } from 'zod';

/** A remote FDX provider registered by a customer, reached as one of its institutions. */
export interface FdxInstitution {
  customerId: string;
  id: number;
  code: string;
  name: string;
  country: 'CA' | 'US';
  issuer: string;
  fdxBaseUrl: string;
  clientId: string;
  clientSecret: string | null;
  providerId: number | null;
  scope: string;
  redirectUri: string;
}

/** The OAuth tokens of one consent (encrypted at rest). */
export interface Tokens {
  access_token: string;
  refresh_token: string | null;
  /** Epoch ms. */
  expires_at: number;
  scope: string;
}

/** The options of a consent started from the widget, kept until the provider sends the person back. */
export interface ConsentOptions {
  tag: string | null;
  scheduleRefresh: boolean;
  language: 'en' | 'fr';
}

/** POST /v3/{customerId}/settings/FdxInstitutions: a provider's issuer and this customer's recipient credentials. */
const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const FdxInstitutionBody = z.object({
  Name: z.string().trim().min(1).max(120),
  Code: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, 'letters, digits, _ and -, starting with a letter').optional(),
  Issuer: httpUrl,
  FdxBaseUrl: httpUrl.optional(),
  ClientId: z.string().min(1).max(200),
  ClientSecret: z.string().min(1).max(500).optional(),
  ProviderId: z.number().int().optional(),
  Scope: z.string().max(500).optional(),
  Country: z.enum(['CA', 'US']).optional(),
});
