/**
 * The production adapter: Firebase anonymous auth (a guest at first visit,
 * linkable to Google later, keeping its uid) and Firestore `onSnapshot` under
 * firestore.rules. This module is only ever loaded with a dynamic import (see
 * connect.ts) so the Firebase SDK stays out of the first screen's JavaScript.
 */
import { type FirebaseOptions, initializeApp } from 'firebase/app';
import {
  type Auth,
  GoogleAuthProvider,
  getAuth,
  linkWithPopup,
  onAuthStateChanged,
  signInAnonymously,
  signInWithCredential,
  type User,
} from 'firebase/auth';
import {
  collection,
  documentId,
  type Firestore,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  type WhereFilterOp,
  where,
} from 'firebase/firestore';
import { createApi } from './api';
import type { Backend, LiveDoc, Session, Unsubscribe } from './backend';
import { type ApiError, toApiError } from './errors';
import { type FirestoreSdk, toFirestoreQuery } from './firestore-mapping';
import { type LinkOutcome, linkGoogleAccount } from './link-google';
import type { LiveQuery } from './queries';

const sdk = {
  collection: (db: Firestore, path: string) => collection(db, path),
  query,
  where: (field: unknown, op: string, value: unknown) => where(field as string, op as WhereFilterOp, value),
  orderBy,
  limit,
  documentId,
} as unknown as FirestoreSdk<Firestore, ReturnType<typeof collection>, never>;

const toSession = (u: User): Session => ({
  uid: u.uid,
  isAnonymous: u.isAnonymous,
  email: u.email,
  displayName: u.displayName,
});

export class FirebaseBackend implements Backend {
  readonly mode = 'firebase' as const;
  readonly canLinkGoogle = true;
  private readonly auth: Auth;
  private readonly db: Firestore;

  constructor(options: FirebaseOptions) {
    const app = initializeApp(options);
    this.auth = getAuth(app);
    this.db = getFirestore(app);
  }

  async start(): Promise<Session> {
    // Wait for the persisted user (a returning guest) before deciding to sign in anew.
    const existing = await new Promise<User | null>((resolve) => {
      const stop = onAuthStateChanged(this.auth, (u) => {
        stop();
        resolve(u);
      });
    });
    const user = existing ?? (await signInAnonymously(this.auth)).user;
    return toSession(user);
  }

  async idToken(refresh = false): Promise<string> {
    const user = this.auth.currentUser;
    if (!user) throw new Error('idToken() before start()');
    return user.getIdToken(refresh);
  }

  watch(spec: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Unsubscribe {
    const uid = this.auth.currentUser?.uid;
    if (!uid) throw new Error('watch() before start()');
    const q = toFirestoreQuery(sdk, this.db, uid, spec);
    return onSnapshot(
      q,
      (snap) => next(snap.docs.map((d) => ({ id: d.id, path: d.ref.path, data: d.data() }))),
      (err) => fail(toApiError(err)),
    );
  }

  async linkGoogle(): Promise<LinkOutcome> {
    const guest = this.auth.currentUser;
    if (!guest) throw new Error('linkGoogle() before start()');
    return linkGoogleAccount<User>({
      guest,
      linkWithPopup: async (user) => (await linkWithPopup(user, new GoogleAuthProvider())).user,
      signInWithErrorCredential: async (err) => {
        const credential = GoogleAuthProvider.credentialFromError(
          err as Parameters<typeof GoogleAuthProvider.credentialFromError>[0],
        );
        return credential ? (await signInWithCredential(this.auth, credential)).user : null;
      },
      idToken: (user) => user.getIdToken(),
      toSession,
      // After signing in, `idToken()` reads the existing account: the call is made as that account.
      mergeGuest: (guestIdToken) => createApi(this).mergeGuest(guestIdToken),
    });
  }
}
