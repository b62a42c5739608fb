/**
 * The Auth contract: user ID tokens resolve to their uid and provider and last
 * an hour, and anything else — a service account's token included — is
 * unauthenticated.
 */

import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth } from '@agent-platform/core/ports';

export interface AuthHarness {
  auth: Auth;
  userToken(): Promise<{ uid: string; token: string }>;
  taskToken(): Promise<string>;
  cleanup(): Promise<void>;
}

export function describeAuthContract(adapterName: string, make: () => Promise<AuthHarness>): void {
  describe(`Auth contract: ${adapterName}`, () => {
    let h: AuthHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => h.cleanup());

    test('a valid user token resolves to its uid', async () => {
      const { uid, token } = await h.userToken();
      expect((await h.auth.verifyIdToken(token)).uid).toBe(uid);
    });

    // The harness's users are guests: Firebase anonymous auth names them `anonymous`
    // (`firebase.sign_in_provider`, https://firebase.google.com/docs/auth/admin/verify-id-tokens),
    // and the guest merge (functions/src/account/service.ts) relies on it.
    test('a guest user token names the `anonymous` provider', async () => {
      const { token } = await h.userToken();
      expect((await h.auth.verifyIdToken(token)).provider).toBe('anonymous');
    });

    // "Firebase ID tokens are short lived and last for an hour"
    // (https://firebase.google.com/docs/auth/admin/manage-sessions): clients must refresh them.
    test('a user token is a JWT for its uid that expires one hour after it was issued', async () => {
      const { uid, token } = await h.userToken();
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
      expect(payload).toMatchObject({ sub: uid, user_id: uid });
      expect(payload.exp - payload.iat).toBe(3600);
    });

    test.each([
      ['empty', ''],
      ['garbage', 'not-a-token'],
      ['three dots', 'a.b.c'],
    ])('refuses a %s user token', async (_name, token) => {
      await expect(h.auth.verifyIdToken(token)).rejects.toBeInstanceOf(UnauthenticatedError);
    });

    test('refuses a user token whose signature was tampered with', async () => {
      const { token } = await h.userToken();
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      await expect(h.auth.verifyIdToken(`${token.slice(0, -2)}${last}${token.at(-1)}`)).rejects.toBeInstanceOf(
        UnauthenticatedError,
      );
    });

    test("a service account's token (the task queue's) is no user's token", async () => {
      await expect(h.auth.verifyIdToken(await h.taskToken())).rejects.toBeInstanceOf(UnauthenticatedError);
    });
  });
}
