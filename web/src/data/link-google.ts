/**
 * Linking a Google account to the guest, as one flow over injected steps (the
 * Firebase SDK calls live in firebase-link.ts; tests pass fakes).
 *
 * `linkWithPopup` keeps the guest's uid, so nothing has to move. When that Google
 * account exists already, Firebase refuses with `auth/credential-already-in-use`;
 * the person then signs in to it under its own uid, and the server moves what the
 * guest made there (`POST /api/account/merge-guest`, https://firebase.google.com/docs/auth/web/account-linking).
 */
import { toApiError } from './errors';
import type { LinkOutcome, MergedCounts, Session } from './session';

/** The SDK operations the flow needs, for a user type `U` (Firebase's `User`). */
export interface LinkSteps<U> {
  guest: U;
  /** `linkWithPopup(user, new GoogleAuthProvider())`, resolving to the linked user. */
  linkWithPopup(user: U): Promise<U>;
  /** `GoogleAuthProvider.credentialFromError(err)` then `signInWithCredential`; null when the error has no credential. */
  signInWithErrorCredential(err: unknown): Promise<U | null>;
  idToken(user: U): Promise<string>;
  toSession(user: U): Session;
  /** The API call, made with the newly signed-in account's token. */
  mergeGuest(guestIdToken: string): Promise<{ moved: MergedCounts }>;
}

export const CREDENTIAL_IN_USE = 'auth/credential-already-in-use';

export async function linkGoogleAccount<U>(steps: LinkSteps<U>): Promise<LinkOutcome> {
  try {
    const linked = await steps.linkWithPopup(steps.guest);
    return { session: steps.toSession(linked), merged: null };
  } catch (err) {
    if ((err as { code?: unknown })?.code !== CREDENTIAL_IN_USE) throw err;
    // The guest's token must be taken before signing in: afterwards this browser holds only the other account.
    const guestIdToken = await steps.idToken(steps.guest);
    const user = await steps.signInWithErrorCredential(err);
    if (!user) throw err;
    const session = steps.toSession(user);
    try {
      const { moved } = await steps.mergeGuest(guestIdToken);
      return { session, merged: moved };
    } catch (mergeErr) {
      // Signed in either way; the guest's work stays under its uid, and the person is told.
      return { session, merged: null, mergeError: toApiError(mergeErr) };
    }
  }
}
