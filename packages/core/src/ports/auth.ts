/**
 * The Auth port: who the person calling is. Users present Firebase ID tokens
 * (on the local stack, the stand-in's guest tokens of the same shape). Callers
 * of the private workers are not people: Cloud Run's IAM checks them before
 * the function runs (functions/src/http/task-caller.ts).
 */

export interface AuthUser {
  uid: string;
  /** Firebase's `sign_in_provider`: `anonymous` (guests, also the local stack's) or `google.com`. */
  provider: string;
  /** The account's e-mail when its provider verified it (`email_verified`); deliveries may go there unconfirmed. */
  verifiedEmail?: string;
}

export interface Auth {
  /** Resolves the user of an ID token; throws UnauthenticatedError when it is not valid. */
  verifyIdToken(idToken: string): Promise<AuthUser>;
}

/** The token from an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
