/**
 * Local guest ID tokens, shaped and checked like Firebase ID tokens
 * (https://firebase.google.com/docs/auth/admin/verify-id-tokens): a JWT whose
 * header names `alg` and `kid`, whose payload carries `iss`, `aud`, `sub`
 * (= `user_id`), `iat`, `auth_time`, `exp` one hour after `iat`, and a
 * `firebase` claim naming the sign-in provider.
 *
 * Signing: production tokens are RS256, signed with Google's rotating keys and
 * checked by firebase-admin against their public halves. Our code never looks
 * at the algorithm or the keys: the functions hand the token to
 * `verifyIdToken()` (functions/src/adapters/firebase-auth.ts) and read only the
 * uid and `firebase.sign_in_provider`, and the web app treats the token as an
 * opaque string. Locally the same process issues and checks the token, so an
 * HMAC-SHA256 (HS256) key derived from the per-install secret proves the same
 * thing: this install's sign-in service issued it and nobody altered it.
 */
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { type JwtRefusal, type SigningKey, signingKey, signJwt, verifyJwt } from './jwt';

/** Firebase ID tokens last one hour (https://firebase.google.com/docs/auth/admin/manage-sessions). */
export const ID_TOKEN_TTL_SECONDS = 3600;
/** How far in the future `iat` and `auth_time` may be (clocks of issuer and checker may differ a little). */
export const CLOCK_SKEW_SECONDS = 60;
/** firebase-admin refuses a longer `sub`. */
const MAX_UID_LENGTH = 128;
const ISSUER_PREFIX = 'https://securetoken.google.com/';

export interface IdTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  user_id: string;
  iat: number;
  auth_time: number;
  exp: number;
  firebase: { identities: Record<string, unknown>; sign_in_provider: string };
}

export type IdTokenKey = SigningKey;

/** The ID-token key of an install: its own key derived from the install secret (local/src/install-secret.ts). */
export function idTokenKey(installSecret: Buffer): IdTokenKey {
  return signingKey(installSecret, 'guest-id-tokens');
}

/**
 * The claims of a guest's ID token, issued at `nowSeconds` for a sign-in at
 * `authTime`; `provider` other than `anonymous` makes it the token of an
 * account signed in with that provider (tests of what only such accounts may do).
 */
export function guestClaims(
  projectId: string,
  uid: string,
  nowSeconds: number,
  authTime: number,
  provider = 'anonymous',
): IdTokenClaims {
  return {
    iss: `${ISSUER_PREFIX}${projectId}`,
    aud: projectId,
    sub: uid,
    user_id: uid,
    iat: nowSeconds,
    auth_time: authTime,
    exp: nowSeconds + ID_TOKEN_TTL_SECONDS,
    // Firebase anonymous auth: no linked identities, provider `anonymous`.
    firebase: {
      identities: provider === 'anonymous' ? {} : { [provider]: [`${uid}-${provider}`] },
      sign_in_provider: provider,
    },
  };
}

export function signIdToken(key: IdTokenKey, claims: IdTokenClaims): string {
  return signJwt(key, claims);
}

const REFUSED: Record<JwtRefusal, string> = {
  malformed: 'The ID token is malformed.',
  algorithm: 'The ID token has an unexpected algorithm.',
  key: 'The ID token was signed with an unknown key.',
  signature: 'The ID token has an invalid signature.',
};

/**
 * The claims of a token this install issued for `projectId`, refused with
 * UnauthenticatedError the way firebase-admin refuses: a token that is not a
 * JWT, another algorithm or key, a bad signature, a wrong `aud` or `iss`, an
 * empty or overlong `sub`, a token past its `exp`, and (as the page above asks
 * of `iat` and `auth_time`: "must be in the past") one issued in the future
 * beyond a small clock skew.
 */
export function verifyIdTokenClaims(
  token: string,
  key: IdTokenKey,
  expected: { projectId: string; nowSeconds: number },
): IdTokenClaims {
  const verified = verifyJwt(token, key);
  if ('refused' in verified) throw new UnauthenticatedError(REFUSED[verified.refused]);
  const claims = verified.claims as Partial<IdTokenClaims>;
  const { projectId, nowSeconds } = expected;
  if (claims.aud !== projectId) throw new UnauthenticatedError('The ID token has an incorrect audience.');
  if (claims.iss !== `${ISSUER_PREFIX}${projectId}`)
    throw new UnauthenticatedError('The ID token has an incorrect issuer.');
  if (typeof claims.sub !== 'string' || claims.sub === '' || claims.sub.length > MAX_UID_LENGTH) {
    throw new UnauthenticatedError('The ID token has no valid subject.');
  }
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp) {
    throw new UnauthenticatedError('The ID token has expired. Get a fresh one and try again.');
  }
  for (const time of [claims.iat, claims.auth_time]) {
    if (typeof time !== 'number' || time > nowSeconds + CLOCK_SKEW_SECONDS) {
      throw new UnauthenticatedError('The ID token was issued in the future.');
    }
  }
  if (typeof claims.firebase?.sign_in_provider !== 'string') {
    throw new UnauthenticatedError('The ID token names no sign-in provider.');
  }
  return claims as IdTokenClaims;
}
