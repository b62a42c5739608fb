/**
 * The Backend port of the web app: who the user is and live reads of their
 * documents. Two adapters implement it (docs/architecture.md "Ports and adapters"):
 * Firebase (anonymous auth + Firestore `onSnapshot`) in production and the
 * local stack (guest tokens + server-sent events) locally.
 */
import type { ApiError } from './errors';
import type { LiveQuery } from './queries';
import type { LinkOutcome, Session } from './session';

export interface LiveDoc<T = Record<string, unknown>> {
  id: string;
  path: string;
  data: T;
}

export type Unsubscribe = () => void;

export interface Backend {
  readonly mode: 'firebase' | 'local';
  /** Whether "link a Google account" can work here (not on the local stack). */
  readonly canLinkGoogle: boolean;
  /** Starts the guest session on first visit, or resumes the one kept from before. */
  start(): Promise<Session>;
  /** A current ID token for `Authorization: Bearer`; `refresh` forces a new one. */
  idToken(refresh?: boolean): Promise<string>;
  /** A current App Check token for `X-Firebase-AppCheck`; null where the deployment does not use App Check. */
  appCheckToken(refresh?: boolean): Promise<string | null>;
  /** Streams the query's documents: `next` at once and after every change, until unsubscribed. */
  watch(query: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Unsubscribe;
  /**
   * Links a Google account to the guest, keeping its uid and so all its data; if
   * that account exists already, signs in to it and merges the guest's data there.
   */
  linkGoogle(): Promise<LinkOutcome>;
}
