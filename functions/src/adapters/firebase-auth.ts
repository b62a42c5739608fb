/** Production Auth adapter: Firebase ID tokens, verified through firebase-admin. */

import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth, AuthUser } from '@agent-platform/core/ports';
import type { Config } from '../shared/config';

export class FirebaseAuth implements Auth {
  private admin?: Promise<import('firebase-admin/auth').Auth>;

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
      throw new UnauthenticatedError({
        en: 'The ID token is not valid or has expired. Sign in again.',
        ko: 'ID 토큰이 올바르지 않거나 만료되었습니다. 다시 로그인하세요.',
      });
    }
  }
}
