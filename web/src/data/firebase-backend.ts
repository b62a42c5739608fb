/**
 * The production adapter: Firebase anonymous auth (a guest at first visit,
 * linkable to Google later, keeping its uid) and Firestore under
 * firestore.rules. This module is loaded with a dynamic import (connect.ts) and
 * is all the production dashboard needs for its first data: firebase/app, auth
 * without the popup resolver, and the REST reader. The Firestore SDK
 * (firestore-live.ts) and the Google linking pieces (firebase-link.ts) are
 * chunks of their own, loaded after the first data and on "link" respectively.
 */
import { type FirebaseApp, type FirebaseOptions, initializeApp } from 'firebase/app';
import {
  type Auth,
  browserLocalPersistence,
  indexedDBLocalPersistence,
  initializeAuth,
  onAuthStateChanged,
  signInAnonymously,
  type User,
} from 'firebase/auth';
import { createApi } from './api';
import type { Backend, LiveDoc, Unsubscribe } from './backend';
import type { ApiError } from './errors';
import { runQuery } from './firestore-rest';
import { watchFirstThenLive } from './first-then-live';
import { linkGoogleAccount } from './link-google';
import type { LiveQuery } from './queries';
import type { LinkOutcome, Session } from './session';

/** What the adapter loads or calls outside itself; tests replace them. */
export interface FirebaseBackendDeps {
  fetch: typeof fetch;
  loadAppCheck: () => Promise<Pick<typeof import('./firebase-app-check'), 'startAppCheck'>>;
  loadFirestore: () => Promise<Pick<typeof import('./firestore-live'), 'watchLive'>>;
  loadLinking: () => Promise<Pick<typeof import('./firebase-link'), 'googleLinkSteps'>>;
}

const defaultDeps = (): FirebaseBackendDeps => ({
  fetch: globalThis.fetch.bind(globalThis),
  loadAppCheck: () => import('./firebase-app-check'),
  loadFirestore: () => import('./firestore-live'),
  loadLinking: () => import('./firebase-link'),
});

const toSession = (u: User): Session => ({
  uid: u.uid,
  isAnonymous: u.isAnonymous,
  email: u.email,
  displayName: u.displayName,
});

export class FirebaseBackend implements Backend {
  readonly mode = 'firebase' as const;
  readonly canLinkGoogle = true;
  private readonly app: FirebaseApp;
  private readonly auth: Auth;
  private readonly deps: FirebaseBackendDeps;
  private firestore: ReturnType<FirebaseBackendDeps['loadFirestore']> | null = null;
  private appCheck: Promise<(refresh: boolean) => Promise<string>> | null = null;

  constructor(
    private readonly options: FirebaseOptions,
    deps: Partial<FirebaseBackendDeps> = {},
    /** The reCAPTCHA Enterprise site key when the deployment enforces App Check (connect.ts). */
    private readonly appCheckSiteKey: string | null = null,
  ) {
    this.deps = { ...defaultDeps(), ...deps };
    this.app = initializeApp(options);
    // Not getAuth(): that bundles the popup/redirect resolver, needed only when linking.
    this.auth = initializeAuth(this.app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
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

  async appCheckToken(refresh = false): Promise<string | null> {
    if (!this.appCheckSiteKey) return null;
    const siteKey = this.appCheckSiteKey;
    this.appCheck ??= this.deps.loadAppCheck().then((m) => m.startAppCheck(this.app, siteKey));
    return (await this.appCheck)(refresh);
  }

  watch(spec: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Unsubscribe {
    const user = this.auth.currentUser;
    if (!user) throw new Error('watch() before start()');
    const { uid } = user;
    const projectId = this.options.projectId as string;
    return watchFirstThenLive(
      {
        first: async (signal) =>
          runQuery(spec, { projectId, uid, idToken: await user.getIdToken(), fetch: this.deps.fetch, signal }),
        live: async (onDocs, onError) => {
          this.firestore ??= this.deps.loadFirestore();
          const { watchLive } = await this.firestore.catch((err) => {
            this.firestore = null; // a failed chunk load is tried again by the next watch
            throw err;
          });
          return watchLive(this.app, uid, spec, onDocs, onError);
        },
      },
      next,
      fail,
    );
  }

  async linkGoogle(): Promise<LinkOutcome> {
    const guest = this.auth.currentUser;
    if (!guest) throw new Error('linkGoogle() before start()');
    const { googleLinkSteps } = await this.deps.loadLinking();
    return linkGoogleAccount<User>({
      guest,
      ...googleLinkSteps(this.auth),
      idToken: (user) => user.getIdToken(),
      toSession,
      // After signing in, `idToken()` reads the existing account: the call is made as that account.
      mergeGuest: (guestIdToken) => createApi(this).mergeGuest(guestIdToken),
    });
  }
}
