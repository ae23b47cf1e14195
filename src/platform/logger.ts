/**
 * Structured logs (pino). Secrets, credentials, tokens and account numbers never
 * reach a log line: the paths below are replaced by "[redacted]" wherever they occur.
 */
import pino from 'pino';

const SENSITIVE = [
  'password', 'Password', 'secret', 'Secret', 'secretKey', 'apiKey', 'token', 'Token',
  'SecurityResponses', 'securityResponses', 'AccountNumber', 'accountNumber', 'TransitNumber',
  'access_token', 'refresh_token', 'client_secret', 'Authorization', 'authorization',
];

const REDACT_PATHS = [
  'req.headers["flinks-auth-key"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["flinks-auth-key"]',
  'headers["x-api-key"]',
  'headers.authorization',
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`),
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'maplelink' } }, destination);
}
