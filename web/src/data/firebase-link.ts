/**
 * The Firebase steps of "link a Google account" (the flow itself is
 * link-google.ts). Loaded with a dynamic import only when the person clicks
 * link: the popup resolver and the Google provider are not needed to start a
 * guest session, so they stay off the first screen.
 */
import {
  type Auth,
  browserPopupRedirectResolver,
  GoogleAuthProvider,
  linkWithPopup,
  signInWithCredential,
  type User,
} from 'firebase/auth';
import type { LinkSteps } from './link-google';

/** `linkWithPopup` and the sign-in to an existing account, over `auth`. */
export function googleLinkSteps(auth: Auth): Pick<LinkSteps<User>, 'linkWithPopup' | 'signInWithErrorCredential'> {
  return {
    // The auth instance was made without a popup resolver (initializeAuth), so it is passed here.
    linkWithPopup: async (user) =>
      (await linkWithPopup(user, new GoogleAuthProvider(), browserPopupRedirectResolver)).user,
    signInWithErrorCredential: async (err) => {
      const credential = GoogleAuthProvider.credentialFromError(
        err as Parameters<typeof GoogleAuthProvider.credentialFromError>[0],
      );
      return credential ? (await signInWithCredential(auth, credential)).user : null;
    },
  };
}
