/**
 * The install's VAPID key pair (RFC 8292) for web push: a P-256 key made on
 * first start and kept under LOCAL_DATA_DIR (mode 600) like the install secret,
 * as base64url (the public key uncompressed, 65 bytes; the private key's 32
 * bytes), the form `web-push` and `PushManager.subscribe` take. Production keeps
 * its pair in Secret Manager.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export function vapidKeys(dataDir: string): VapidKeys {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'vapid.json');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwk = privateKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x as string, 'base64url');
    const y = Buffer.from(jwk.y as string, 'base64url');
    const keys: VapidKeys = {
      publicKey: Buffer.concat([Buffer.from([4]), x, y]).toString('base64url'),
      privateKey: jwk.d as string,
    };
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
}
