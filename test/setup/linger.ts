/**
 * Loaded before every test file (scripts/test.js). Once a file's tests are done its process
 * must exit; a handle left open (a timer, a socket, a pool) would keep it alive and node's
 * runner would wait for it forever, so a whole `npm test` would hang instead of reporting.
 * When the process is still alive a few seconds after its last test, this names what holds
 * it open on stderr and ends the process; the tests' own results stand as reported.
 */
import { after } from 'node:test';

const GRACE_MS = Number(process.env.TEST_LINGER_MS ?? 10_000);

function describeHandle(h: any): string {
  const name = h?.constructor?.name ?? typeof h;
  if (h?.remotePort) return `${name}(${h.remoteAddress}:${h.remotePort})`;
  if (typeof h?._onTimeout === 'function') return `${name}(${h._idleTimeout} ms, ${String(h._onTimeout).replace(/\s+/g, ' ').slice(0, 120)})`;
  return name;
}

after(() => {
  setTimeout(() => {
    const handles = (process as any)._getActiveHandles?.() ?? [];
    const held = handles.filter((h: any) => !(h === process.stdout || h === process.stderr || h === process.stdin)).map(describeHandle);
    // Timers are not handles: the resource list counts them (and everything else) by kind.
    const resources = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
    process.stderr.write(`\n[linger] ${process.argv[1]}: still alive ${GRACE_MS} ms after its last test, held by ${JSON.stringify(held)} ${JSON.stringify(resources)}; ending it\n`);
    process.exit(process.exitCode ?? 0);
  }, GRACE_MS).unref();
});
