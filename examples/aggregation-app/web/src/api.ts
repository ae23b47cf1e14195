/** The example backend's routes (server.ts), as the page calls them. */
import type { AccountsData, ApiErrorBody, Config, RefreshResult } from '../../shared.ts';

export type { Account, AccountsData, Config, RefreshResult, Transaction } from '../../shared.ts';

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly flinksCode?: string) {
    super(message);
  }
}

async function request<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined && path === '/api/config' ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The application’s server cannot be reached.', 0);
  }
  const data = (await res.json().catch(() => null)) as (T & ApiErrorBody) | null;
  if (!res.ok || !data) throw new ApiError(data?.error ?? `The server answered ${res.status}`, res.status, data?.flinksCode);
  return data;
}

export const api = {
  config: () => request<Config>('/api/config'),
  token: () => request<{ token: string }>('/api/token', {}),
  accounts: (loginId: string) => request<AccountsData>('/api/accounts', { loginId }),
  refresh: (loginId: string) => request<RefreshResult>('/api/refresh', { loginId }),
  afterMfa: (requestId: string) => request<AccountsData>('/api/after-mfa', { requestId }),
};
