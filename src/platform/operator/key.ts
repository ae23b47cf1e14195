/**
 * The operator key: what the operator API (and the CLI's `tenant` commands through it)
 * authenticates with. MAPLELINK_OPERATOR_KEY when set; otherwise a key generated at the
 * first start, written once to DATA_DIR/operator.key (owner-only) for the CLI beside the
 * server to read, and printed once. The server keeps only its SHA-256 digest, in the
 * settings table, so every replica on one PostgreSQL accepts the same key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import { hashSecret, secretMatches } from '../crypto.ts';

const DIGEST_KEY = 'operator.key_sha256';
export const OPERATOR_KEY_FILE = 'operator.key';

/** The key file of a data directory, or null when there is none (or it cannot be read). */
export function readOperatorKeyFile(dataDir: string): string | null {
  if (dataDir === 'memory://') return null;
  try {
    return readFileSync(join(dataDir, OPERATOR_KEY_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export class OperatorKey {
  private digest: string | null;

  constructor(private readonly db: Db, private readonly opts: { key: string | null; dataDir: string }) {
    this.digest = opts.key ? hashSecret(opts.key) : null;
  }

  /**
   * Makes sure a key exists. Answers the key and its file when this call generated it
   * (the caller prints it, once); null when it was configured or generated before.
   * Replicas starting together generate one key: the first digest stored wins.
   */
  async ensure(): Promise<{ key: string; file: string | null } | null> {
    if (this.digest) return null;
    const stored = await this.stored();
    if (stored) {
      this.digest = stored;
      return null;
    }
    const key = `mlop_${randomBytes(32).toString('base64url')}`;
    const file = this.opts.dataDir === 'memory://' ? null : join(this.opts.dataDir, OPERATOR_KEY_FILE);
    // The file is written aside first: a key whose digest is stored is never without its file.
    const tmp = file ? `${file}.${process.pid}.tmp` : null;
    if (tmp) writeFileSync(tmp, key + '\n', { mode: 0o600 });
    const won = await this.db.query(
      `insert into settings (key, value) values ($1, to_jsonb($2::text)) on conflict (key) do nothing returning key`,
      [DIGEST_KEY, hashSecret(key)],
    );
    if (won.length === 0) {
      if (tmp) unlinkSync(tmp);
      this.digest = await this.stored();
      return null;
    }
    if (file && tmp) {
      renameSync(tmp, file);
      chmodSync(file, 0o600);
    }
    this.digest = hashSecret(key);
    return { key, file };
  }

  /** Constant-time comparison of a presented key with the digest. */
  async matches(presented: string | undefined): Promise<boolean> {
    if (typeof presented !== 'string' || presented.length === 0) return false;
    this.digest ??= await this.stored();
    return this.digest !== null && secretMatches(presented, this.digest);
  }

  private async stored(): Promise<string | null> {
    const rows = await this.db.query<{ value: string }>('select value from settings where key = $1', [DIGEST_KEY]);
    return rows[0]?.value ?? null;
  }
}
