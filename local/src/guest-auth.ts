/**
 * The local Auth adapter. Guests sign up and get an ID token shaped and checked
 * like a Firebase ID token (local/src/id-token.ts: one hour, provider
 * `anonymous`) and a refresh token that gets them fresh ones
 * (local/src/refresh-tokens.ts), both from the per-install secret
 * (local/src/install-secret.ts), which is never sent anywhere. The Tasks and
 * Eventarc stand-ins present Google identity tokens instead (google/identity.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Auth, AuthUser } from '@agent-platform/core/ports';
import { LOCAL_PROJECT } from './google/identity';
import {
  guestClaims,
  ID_TOKEN_TTL_SECONDS,
  type IdTokenKey,
  idTokenKey,
  signIdToken,
  verifyIdTokenClaims,
} from './id-token';
import { installSecret } from './install-secret';
import { RefreshTokens } from './refresh-tokens';

/** The project the local tokens name in `aud` and `iss`: the local project the functions are configured with. */
export const LOCAL_PROJECT_ID = LOCAL_PROJECT;

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
  private readonly idKey: IdTokenKey;
  private readonly refreshTokens: RefreshTokens;
  private readonly now: () => number;
  readonly projectId: string;

  constructor(dataDir: string, options: LocalAuthOptions = {}) {
    this.idKey = idTokenKey(installSecret(dataDir));
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
   * An ID token of `uid` as if signed in with `provider` (e.g. `google.com`, as
   * after linking a Google account). The local stack has no Google sign-in;
   * tests use this for what only signed-in accounts may do (merging a guest).
   */
  signedInToken(uid: string, provider: string): string {
    const now = this.nowSeconds();
    return signIdToken(this.idKey, guestClaims(this.projectId, uid, now, now, provider));
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

  async verifyIdToken(idToken: string): Promise<LocalAuthUser> {
    const now = this.now();
    const claims = verifyIdTokenClaims(idToken, this.idKey, {
      projectId: this.projectId,
      nowSeconds: Math.floor(now / 1000),
    });
    // As production reads it (functions/src/adapters/firebase-auth.ts): `anonymous` for every guest.
    return { uid: claims.sub, provider: claims.firebase.sign_in_provider, expiresInMs: claims.exp * 1000 - now };
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private idTokenFor(uid: string, authTime: number): string {
    return signIdToken(this.idKey, guestClaims(this.projectId, uid, this.nowSeconds(), authTime));
  }
}
