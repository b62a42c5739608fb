/**
 * The per-install secret the local stand-ins sign their tokens with: random,
 * kept under LOCAL_DATA_DIR (mode 600), never sent anywhere. Each use derives
 * its own key from it, so a token of one kind never verifies as another.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The install's secret, created on first use. */
export function installSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'auth-secret.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/** A key for one purpose (`'guest-id-tokens'`, `'google-identity'`), derived from the secret. */
export function derivedKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}
