import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/platform/logger.ts';

test('logs redact credentials, tokens, keys and account numbers wherever they sit', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger('info', sink);
  log.info({
    req: { headers: { 'flinks-auth-key': 'c4569c54-secret', 'x-api-key': '3d5266a8-key', authorization: 'Bearer abc' } },
    body: { Username: 'Greatday', Password: 'Everyday', SecurityResponses: { 'What city?': ['Montreal'] } },
    account: { AccountNumber: '1111000', TransitNumber: '77777', Title: 'Chequing' },
    token: 'tok-123',
  }, 'request');
  const text = lines.join('');
  for (const secret of ['c4569c54-secret', '3d5266a8-key', 'Bearer abc', 'Everyday', 'Montreal', '1111000', '77777', 'tok-123']) {
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  }
  assert.match(text, /Greatday/, 'non-secret fields stay');
  assert.match(text, /Chequing/);
});
