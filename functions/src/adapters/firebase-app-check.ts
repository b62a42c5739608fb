/**
 * Production App Check adapter: tokens verified through firebase-admin, which
 * checks their signature against App Check's public keys and that they are
 * for this project (https://firebase.google.com/docs/app-check/custom-resource-backend).
 */

import { type AppCheck, appCheckRefused } from '@agent-platform/core/ports';
import type { Config } from '../shared/config';

export class FirebaseAppCheck implements AppCheck {
  private admin?: Promise<import('firebase-admin/app-check').AppCheck>;

  constructor(private readonly config: Config) {}

  async verifyToken(token: string): Promise<void> {
    this.admin ??= (async () => {
      const app = await import('firebase-admin/app');
      const existing = app.getApps()[0] ?? app.initializeApp({ projectId: this.config.projectId });
      return (await import('firebase-admin/app-check')).getAppCheck(existing);
    })();
    try {
      await (await this.admin).verifyToken(token);
    } catch {
      throw appCheckRefused();
    }
  }
}
