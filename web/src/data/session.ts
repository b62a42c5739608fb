/**
 * Who the person is in the web app, and what linking a Google account to their
 * guest session did. Plain types, shared by the Backend port and the link flow.
 */
import type { ApiError } from './errors';

export interface Session {
  uid: string;
  /** True until the guest links a Google account. */
  isAnonymous: boolean;
  email?: string | null;
  displayName?: string | null;
}

/** What the merge moved (docs/api-extensions.md). */
export interface MergedCounts {
  agents: number;
  executions: number;
  conversations: number;
  messages: number;
}

export interface LinkOutcome {
  /** The session now signed in: the same uid when linked, the existing account's after a merge. */
  session: Session;
  /** Set when the guest was merged into an existing account. */
  merged: MergedCounts | null;
  /** Set when the person is signed in to the existing account but the guest's work could not be moved. */
  mergeError?: ApiError;
}
