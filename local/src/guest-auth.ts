/**
 * The local Auth adapter. Guests get tokens signed with a per-install secret
 * (HMAC-SHA256, kept in LOCAL_DATA_DIR, never sent anywhere). The Tasks and
 * Eventarc stand-ins present Google identity tokens instead (google/identity.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth, AuthUser } from '@agent-platform/core/ports';

type TokenKind = 'guest' | 'task';

interface TokenPayload {
  kind: TokenKind;
  sub: string;
  iat: number;
  exp: number;
}

const GUEST_TOKEN_DAYS = 30;

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class LocalAuth implements Auth {
  private readonly secret: Buffer;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'auth-secret.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }

  /** A new guest: a fresh uid and its ID token. */
  issueGuest(): { uid: string; idToken: string } {
    const uid = `guest-${randomBytes(10).toString('hex')}`;
    return { uid, idToken: this.sign('guest', uid, GUEST_TOKEN_DAYS * 86_400) };
  }

  async verifyIdToken(idToken: string): Promise<AuthUser> {
    const payload = this.verify(idToken, 'guest');
    return { uid: payload.sub, provider: 'local-guest' };
  }

  private sign(kind: TokenKind, sub: string, ttlSeconds: number): string {
    const iat = Math.floor(Date.now() / 1000);
    const body = b64(JSON.stringify({ kind, sub, iat, exp: iat + ttlSeconds } satisfies TokenPayload));
    return `${body}.${b64(createHmac('sha256', this.secret).update(body).digest())}`;
  }

  private verify(token: string, kind: TokenKind): TokenPayload {
    const [body, signature] = token.split('.');
    if (!body || !signature) throw new UnauthenticatedError('The token is malformed.');
    const expected = createHmac('sha256', this.secret).update(body).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthenticatedError('The token is not valid.');
    }
    let payload: TokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    } catch {
      throw new UnauthenticatedError('The token is malformed.');
    }
    if (payload.kind !== kind) throw new UnauthenticatedError('This token is not for this caller.');
    if (payload.exp * 1000 < Date.now()) throw new UnauthenticatedError('The token has expired. Sign in again.');
    return payload;
  }
}
