/**
 * Production Auth adapter: Firebase ID tokens through firebase-admin, and the
 * Cloud Tasks OIDC token through google-auth-library (Google-signed, audience
 * = our own URL, issued to the invoker service account).
 */

import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth, AuthUser } from '@agent-platform/core/ports';
import type { Config } from '../shared/config';

export class FirebaseAuth implements Auth {
  private admin?: Promise<import('firebase-admin/auth').Auth>;
  private oidc?: Promise<import('google-auth-library').OAuth2Client>;

  constructor(private readonly config: Config) {}

  async verifyIdToken(idToken: string): Promise<AuthUser> {
    this.admin ??= (async () => {
      const app = await import('firebase-admin/app');
      const existing = app.getApps()[0] ?? app.initializeApp({ projectId: this.config.projectId });
      return (await import('firebase-admin/auth')).getAuth(existing);
    })();
    try {
      const decoded = await (await this.admin).verifyIdToken(idToken);
      return { uid: decoded.uid, provider: decoded.firebase.sign_in_provider };
    } catch {
      throw new UnauthenticatedError('The ID token is not valid or has expired. Sign in again.');
    }
  }

  async verifyTaskCaller(bearerToken: string): Promise<void> {
    const { runAgentUrl, invokerServiceAccount } = this.config.tasks;
    if (!runAgentUrl || !invokerServiceAccount)
      throw new UnauthenticatedError('Task caller checks are not configured.');
    this.oidc ??= import('google-auth-library').then((m) => new m.OAuth2Client());
    try {
      const ticket = await (await this.oidc).verifyIdToken({ idToken: bearerToken, audience: runAgentUrl });
      const payload = ticket.getPayload();
      if (payload?.email !== invokerServiceAccount || payload.email_verified !== true) throw new Error('wrong caller');
    } catch {
      throw new UnauthenticatedError('Only the task queue may call this function.');
    }
  }
}
