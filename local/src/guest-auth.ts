/**
 * The local Auth adapter. Guests sign up and get an ID token shaped and checked
 * like a Firebase ID token (local/src/id-token.ts: one hour, provider
 * `anonymous`) and a refresh token that gets them fresh ones
 * (local/src/refresh-tokens.ts), both from a per-install secret kept in
 * LOCAL_DATA_DIR and never sent anywhere. The Tasks stand-in signs its
 * deliveries to runAgent with the same secret in another format, so a guest
 * token can never call runAgent and vice versa.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth, AuthUser } from '@agent-platform/core/ports';
import {
  guestClaims,
  ID_TOKEN_TTL_SECONDS,
  type IdTokenKey,
  idTokenKey,
  signIdToken,
  verifyIdTokenClaims,
} from './id-token';
import { RefreshTokens } from './refresh-tokens';

type TokenKind = 'task';

interface TokenPayload {
  kind: TokenKind;
  sub: string;
  iat: number;
  exp: number;
}

const TASK_TOKEN_MINUTES = 10;

/**
 * The project the local tokens name in `aud` and `iss`. Firebase keeps project
 * ids starting with `demo-` for local work with no real project behind them
 * (https://firebase.google.com/docs/emulator-suite/connect_and_prototype#choose_a_firebase_project).
 */
export const LOCAL_PROJECT_ID = 'demo-agent-platform';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export interface LocalAuthOptions {
  /** The clock of the ID tokens, in milliseconds (tests move it; defaults to Date.now). */
  now?: () => number;
  projectId?: string;
}

/** A new guest, as Identity Toolkit's anonymous sign-up answers (uid = its `localId`). */
export interface GuestSignUp {
  uid: string;
  idToken: string;
  refreshToken: string;
  /** Seconds the ID token is valid, as a string like the real API's. */
  expiresIn: string;
}

/** A user whose ID token was checked, and how long that token stays valid by this adapter's clock. */
export interface LocalAuthUser extends AuthUser {
  expiresInMs: number;
}

export class LocalAuth implements Auth {
  private readonly secret: Buffer;
  private readonly idKey: IdTokenKey;
  private readonly refreshTokens: RefreshTokens;
  private readonly now: () => number;
  readonly projectId: string;

  constructor(dataDir: string, options: LocalAuthOptions = {}) {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'auth-secret.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    this.idKey = idTokenKey(this.secret);
    this.refreshTokens = new RefreshTokens(dataDir);
    this.now = options.now ?? Date.now;
    this.projectId = options.projectId ?? LOCAL_PROJECT_ID;
  }

  /** A new guest: a fresh uid, its ID token and its refresh token. */
  issueGuest(): GuestSignUp {
    const uid = `guest-${randomBytes(10).toString('hex')}`;
    const authTime = this.nowSeconds();
    const refreshToken = this.refreshTokens.issue({ uid, authTime });
    return { uid, idToken: this.idTokenFor(uid, authTime), refreshToken, expiresIn: String(ID_TOKEN_TTL_SECONDS) };
  }

  /**
   * A fresh ID token for the guest a refresh token belongs to, or null when the
   * refresh token is malformed or unknown. The refresh token stays the same and
   * valid; `auth_time` stays the time of the sign-up.
   */
  refresh(refreshToken: string): { uid: string; idToken: string; expiresInSeconds: number } | null {
    const record = this.refreshTokens.find(refreshToken);
    if (!record) return null;
    return {
      uid: record.uid,
      idToken: this.idTokenFor(record.uid, record.authTime),
      expiresInSeconds: ID_TOKEN_TTL_SECONDS,
    };
  }

  /** The credential the Tasks stand-in presents to runAgent, like Cloud Tasks' OIDC token. */
  issueTaskToken(): string {
    return this.sign('task', 'local-tasks', TASK_TOKEN_MINUTES * 60);
  }

  async verifyIdToken(idToken: string): Promise<LocalAuthUser> {
    const now = this.now();
    const claims = verifyIdTokenClaims(idToken, this.idKey, {
      projectId: this.projectId,
      nowSeconds: Math.floor(now / 1000),
    });
    // As production reads it (functions/src/adapters/firebase-auth.ts): `anonymous` for every guest.
    return { uid: claims.sub, provider: claims.firebase.sign_in_provider, expiresInMs: claims.exp * 1000 - now };
  }

  async verifyTaskCaller(bearerToken: string): Promise<void> {
    this.verify(bearerToken, 'task');
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private idTokenFor(uid: string, authTime: number): string {
    return signIdToken(this.idKey, guestClaims(this.projectId, uid, this.nowSeconds(), authTime));
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
