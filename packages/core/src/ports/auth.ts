/**
 * The Auth port: who is calling. Users present Firebase ID tokens (on the local
 * stack, guest tokens of the same shape); Cloud Tasks presents a Google-signed OIDC token
 * for the `runAgent` URL (the stand-in's own signed token locally).
 */

export interface AuthUser {
  uid: string;
  /** Firebase's `sign_in_provider`: `anonymous` (guests, also the local stack's) or `google.com`. */
  provider: string;
}

export interface Auth {
  /** Resolves the user of an ID token; throws UnauthenticatedError when it is not valid. */
  verifyIdToken(idToken: string): Promise<AuthUser>;
  /** Checks that a bearer token is the task queue's; throws UnauthenticatedError otherwise. */
  verifyTaskCaller(bearerToken: string): Promise<void>;
}

/** The token from an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
