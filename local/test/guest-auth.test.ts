import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { describeAuthContract } from '@agent-platform/functions/contracts';
import { LocalGoogleIdentity, TASKS_INVOKER } from '../src/google/identity';
import { LocalAuth } from '../src/guest-auth';
import { installSecret } from '../src/install-secret';

describeAuthContract('local guest tokens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const auth = new LocalAuth(dir);
  return {
    auth,
    userToken: async () => {
      const g = auth.issueGuest();
      return { uid: g.uid, token: g.idToken };
    },
    taskToken: async () =>
      new LocalGoogleIdentity(installSecret(dir)).tokenFor(
        TASKS_INVOKER,
        'http://127.0.0.1/__local/functions/runAgent',
      ),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('local guest tokens', () => {
  test('refuses an expired token even when correctly signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-'));
    const auth = new LocalAuth(dir);
    const secret = Buffer.from(readFileSync(join(dir, 'auth-secret.key'), 'utf8').trim(), 'hex');
    const body = Buffer.from(JSON.stringify({ kind: 'guest', sub: 'guest-old', iat: 1, exp: 2 })).toString('base64url');
    const token = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    await expect(auth.verifyIdToken(token)).rejects.toThrow(/expired/);
    rmSync(dir, { recursive: true, force: true });
  });

  test('tokens of another install are refused (per-install secret)', async () => {
    const a = mkdtempSync(join(tmpdir(), 'auth-'));
    const b = mkdtempSync(join(tmpdir(), 'auth-'));
    const token = new LocalAuth(a).issueGuest().idToken;
    await expect(new LocalAuth(b).verifyIdToken(token)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await new LocalAuth(a).verifyIdToken(token)).provider).toBe('local-guest');
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });
});
