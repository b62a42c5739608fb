/**
 * The local guests' refresh tokens, kept under LOCAL_DATA_DIR so a guest keeps
 * its session across restarts, as a Firebase refresh token does: it stays
 * valid until the account is deleted or disabled
 * (https://firebase.google.com/docs/auth/admin/manage-sessions).
 *
 * A refresh token is 32 random bytes (base64url), never derived from the
 * install's secret. The file holds only its SHA-256, the uid and the sign-in
 * time, one JSON line per guest, appended and flushed to disk before the
 * token is handed out; several processes on one data directory may append.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RefreshRecord {
  uid: string;
  /** The sign-in time (seconds), which every later ID token carries as `auth_time`. */
  authTime: number;
}

const FORMAT = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class RefreshTokens {
  private readonly file: string;
  private readonly known = new Map<string, RefreshRecord>();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'refresh-tokens.jsonl');
  }

  /** A new refresh token for `uid`, on disk before it is returned. */
  issue(record: RefreshRecord): string {
    const token = randomBytes(32).toString('base64url');
    const hash = hashOf(token);
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ hash, uid: record.uid, authTime: record.authTime })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.known.set(hash, record);
    return token;
  }

  /** The guest a refresh token belongs to, or null for a malformed or unknown one. */
  find(token: string): RefreshRecord | null {
    if (!FORMAT.test(token)) return null;
    const hash = hashOf(token);
    if (!this.known.has(hash)) this.reload();
    return this.known.get(hash) ?? null;
  }

  /** Reads the file again: another process (or a restart) may have added tokens. */
  private reload(): void {
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const { hash, uid, authTime } = JSON.parse(line) as { hash: string; uid: string; authTime: number };
        if (typeof hash === 'string' && typeof uid === 'string' && typeof authTime === 'number') {
          this.known.set(hash, { uid, authTime });
        }
      } catch {
        // A line cut short by a crash while appending: that token was never handed out.
      }
    }
  }
}
