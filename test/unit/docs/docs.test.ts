// The documents a newcomer reads first say what the program does: the README's command-line block is
// what `maplelink --help` prints, .env.example names every variable of docs/configuration.md with its
// default, and every option of `maplelink import --help` has its row in docs/import.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const read = (p: string) => readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8');

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/maplelink.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd();
}

test('the README command-line block is exactly what maplelink --help prints', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```text\n([\s\S]*?)\n```/.exec(section);
  assert.ok(block, 'README: a ```text block under "## Command line"');
  assert.equal(block[1], cli('--help'));
});

test('every option of maplelink import --help has its row in docs/import.md', () => {
  const flags = new Set(cli('import', '--help').match(/--[a-z][a-z-]*/g));
  assert.ok(flags.size > 10);
  const doc = read('docs/import.md');
  for (const f of flags) assert.ok(doc.includes(`\`${f}`), `docs/import.md documents ${f}`);
});

/** Variable name → documented default (`unset` when none) from the tables of docs/configuration.md. */
function documented(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of read('docs/configuration.md').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]*) \|/gm)) {
    out.set(m[1]!, /`([^`]*)`/.exec(m[2]!)?.[1] ?? m[2]!.trim());
  }
  return out;
}

test('.env.example names every variable of docs/configuration.md, with its documented default', () => {
  const doc = documented();
  assert.ok(doc.size >= 30, `${doc.size} variables documented`);
  const example = new Map<string, string>();
  for (const m of read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=(.*)$/gm)) {
    assert.ok(!example.has(m[1]!), `${m[1]} is in .env.example once`);
    example.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1'));
  }
  assert.deepEqual([...example.keys()].sort(), [...doc.keys()].sort());
  for (const [name, value] of doc) if (value !== 'unset') assert.equal(example.get(name), value, `${name} shows its default`);
});

test('every variable the configuration loaders read is documented', () => {
  const doc = documented();
  for (const file of ['src/platform/config.ts', 'src/pay/config.ts']) {
    const src = read(file);
    const names = new Set([...src.matchAll(/env\.([A-Z][A-Z0-9_]+)|env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!));
    names.delete('NODE_ENV');
    assert.ok(names.size > 5, file);
    for (const n of names) assert.ok(doc.has(n), `${file} reads ${n}: docs/configuration.md documents it`);
  }
});
