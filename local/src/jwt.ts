/**
 * The JWTs the local stand-ins issue in place of Google's: ID tokens for guests
 * (id-token.ts), service-account identity tokens (google/identity.ts) and App
 * Check tokens (app-check.ts). Google signs these RS256 with its own rotating
 * keys; locally the same process issues and checks them, so HS256 with a key
 * derived per purpose from the install secret (install-secret.ts) proves the
 * same thing: this install issued the token and nobody altered it. Each kind
 * checks its own claims on top of `verifyJwt`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './install-secret';

export interface SigningKey {
  /** Names the key in the token header, as Google's key ids do. */
  kid: string;
  secret: Buffer;
}

/** The key for one kind of token: its own, derived from the install secret. */
export function signingKey(installSecret: Buffer, purpose: string): SigningKey {
  const secret = derivedKey(installSecret, purpose);
  return { kid: createHash('sha256').update(secret).digest('hex').slice(0, 16), secret };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (key: SigningKey, input: string) => createHmac('sha256', key.secret).update(input).digest();

export function signJwt(key: SigningKey, claims: object): string {
  const input = `${b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${hmac(key, input).toString('base64url')}`;
}

/** Why a token is not one of ours. */
export type JwtRefusal = 'malformed' | 'algorithm' | 'key' | 'signature';

/** The payload of a token signed with `key`, or why it is refused. Claims are the caller's to check. */
export function verifyJwt(
  token: string,
  key: SigningKey,
): { claims: Record<string, unknown> } | { refused: JwtRefusal } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return { refused: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  if (!header) return { refused: 'malformed' };
  if (header.alg !== 'HS256') return { refused: 'algorithm' };
  if (header.kid !== key.kid) return { refused: 'key' };
  const expected = hmac(key, `${headerPart}.${payloadPart}`);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'signature' };
  const claims = decodePart(payloadPart);
  return claims ? { claims } : { refused: 'malformed' };
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return null;
}
