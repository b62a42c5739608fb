import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { describeAuthContract } from '@agent-platform/functions/contracts';
import { LocalGoogleIdentity, TASKS_INVOKER } from '../src/google/identity';
import { LOCAL_PROJECT_ID, LocalAuth } from '../src/guest-auth';
import { CLOCK_SKEW_SECONDS, guestClaims, type IdTokenClaims, idTokenKey, signIdToken } from '../src/id-token';
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

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** An install with a clock the test moves (whole seconds, as tokens count them). */
function install() {
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const clock = { ms: Date.UTC(2026, 10, 29, 12, 0, 0) };
  const auth = new LocalAuth(dir, { now: () => clock.ms });
  const key = idTokenKey(installSecret(dir));
  /** A token with this install's key and the given claims changed: only that claim is wrong. */
  const forge = (change: Partial<IdTokenClaims>) => {
    const now = Math.floor(clock.ms / 1000);
    return signIdToken(key, { ...guestClaims(LOCAL_PROJECT_ID, 'guest-forged', now, now), ...change });
  };
  return { dir, clock, auth, key, forge, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('local guest ID tokens are shaped like Firebase ID tokens', () => {
  test('a JWT with alg, kid and typ, the Firebase claims, one hour long, provider anonymous', async () => {
    const i = install();
    const guest = i.auth.issueGuest();
    const [header, payload, signature] = guest.idToken.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'HS256', kid: i.key.kid, typ: 'JWT' });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const now = Math.floor(i.clock.ms / 1000);
    expect(decode(payload)).toEqual({
      iss: `https://securetoken.google.com/${LOCAL_PROJECT_ID}`,
      aud: LOCAL_PROJECT_ID,
      sub: guest.uid,
      user_id: guest.uid,
      iat: now,
      auth_time: now,
      exp: now + 3600,
      firebase: { identities: {}, sign_in_provider: 'anonymous' },
    });
    expect(guest.expiresIn).toBe('3600');
    await expect(i.auth.verifyIdToken(guest.idToken)).resolves.toEqual({
      uid: guest.uid,
      provider: 'anonymous',
      expiresInMs: 3600_000,
    });
    i.cleanup();
  });

  test('the key id names the install’s key without giving away its secret', () => {
    const i = install();
    const secretHex = readFileSync(join(i.dir, 'auth-secret.key'), 'utf8').trim();
    expect(i.key.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(secretHex).not.toContain(i.key.kid);
    expect(i.key.secret.toString('hex')).not.toBe(secretHex);
    i.cleanup();
  });
});

describe('local guest ID tokens are refused as firebase-admin refuses them', () => {
  test('expired: valid until the last second of its hour, refused from `exp` on (a clock the test controls)', async () => {
    const i = install();
    const { idToken } = i.auth.issueGuest();
    i.clock.ms += 3599_000;
    await expect(i.auth.verifyIdToken(idToken)).resolves.toMatchObject({ expiresInMs: 1000 });
    i.clock.ms += 1000;
    const refused = i.auth.verifyIdToken(idToken);
    await expect(refused).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(refused).rejects.toThrow(/expired/);
    i.cleanup();
  });

  test('issued in the future beyond the clock skew', async () => {
    const i = install();
    const now = Math.floor(i.clock.ms / 1000);
    await expect(i.auth.verifyIdToken(i.forge({ iat: now + CLOCK_SKEW_SECONDS }))).resolves.toBeDefined();
    for (const change of [{ iat: now + CLOCK_SKEW_SECONDS + 1 }, { auth_time: now + CLOCK_SKEW_SECONDS + 1 }]) {
      const refused = i.auth.verifyIdToken(i.forge(change));
      await expect(refused).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(refused).rejects.toThrow(/future/);
    }
    i.cleanup();
  });

  test.each<[string, Partial<IdTokenClaims>, RegExp]>([
    ['a wrong audience', { aud: 'someone-elses-project' }, /audience/],
    ['a wrong issuer', { iss: 'https://securetoken.google.com/someone-elses-project' }, /issuer/],
    ['an issuer of another service', { iss: `https://session.firebase.google.com/${LOCAL_PROJECT_ID}` }, /issuer/],
    ['an empty subject', { sub: '' }, /subject/],
    ['a subject longer than 128 characters', { sub: 'u'.repeat(129) }, /subject/],
    ['no expiry', { exp: undefined }, /expired/],
    ['no provider', { firebase: undefined }, /provider/],
  ])('%s, even when correctly signed', async (_name, change, message) => {
    const i = install();
    const refused = i.auth.verifyIdToken(i.forge(change));
    await expect(refused).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(refused).rejects.toThrow(message);
    i.cleanup();
  });

  test('a bad signature: a changed claim, another install’s key, another algorithm', async () => {
    const i = install();
    const other = install();
    const { idToken } = i.auth.issueGuest();
    const [header, payload, signature] = idToken.split('.') as [string, string, string];
    const claims = decode(payload);
    const renamed = Buffer.from(JSON.stringify({ ...claims, sub: 'guest-victim', user_id: 'guest-victim' })).toString(
      'base64url',
    );
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const otherKey = `${Buffer.from(JSON.stringify({ ...decode(header), kid: other.key.kid })).toString('base64url')}.${payload}.${signature}`;
    for (const token of [`${header}.${renamed}.${signature}`, other.auth.issueGuest().idToken, unsigned, otherKey]) {
      await expect(i.auth.verifyIdToken(token)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(other.auth.verifyIdToken(idToken)).rejects.toThrow(/key|signature/);
    i.cleanup();
    other.cleanup();
  });

  test('the 30-day tokens issued before this change', async () => {
    const i = install();
    const { createHmac } = await import('node:crypto');
    const secret = Buffer.from(readFileSync(join(i.dir, 'auth-secret.key'), 'utf8').trim(), 'hex');
    const now = Math.floor(i.clock.ms / 1000);
    const body = Buffer.from(JSON.stringify({ kind: 'guest', sub: 'guest-old', iat: now, exp: now + 30 * 86_400 }));
    const old = `${body.toString('base64url')}.${createHmac('sha256', secret).update(body.toString('base64url')).digest('base64url')}`;
    await expect(i.auth.verifyIdToken(old)).rejects.toBeInstanceOf(UnauthenticatedError);
    i.cleanup();
  });
});

describe('local refresh tokens', () => {
  test('give the same guest a fresh hour, keep their sign-in time, and stay valid', async () => {
    const i = install();
    const guest = i.auth.issueGuest();
    const signedUp = Math.floor(i.clock.ms / 1000);
    i.clock.ms += 2 * 3600_000;
    await expect(i.auth.verifyIdToken(guest.idToken)).rejects.toThrow(/expired/);
    const fresh = i.auth.refresh(guest.refreshToken);
    if (!fresh) throw new Error('the refresh token was refused');
    expect(fresh).toMatchObject({ uid: guest.uid, expiresInSeconds: 3600 });
    const claims = decode(fresh.idToken.split('.')[1] as string);
    expect(claims).toMatchObject({ sub: guest.uid, iat: signedUp + 7200, exp: signedUp + 7200 + 3600 });
    expect(claims.auth_time).toBe(signedUp);
    await expect(i.auth.verifyIdToken(fresh.idToken)).resolves.toMatchObject({ uid: guest.uid });
    i.clock.ms += 30 * 86_400_000;
    expect(i.auth.refresh(guest.refreshToken)?.uid).toBe(guest.uid);
    i.cleanup();
  });

  test('survive a restart: another LocalAuth on the same data directory honours them', () => {
    const i = install();
    const guest = i.auth.issueGuest();
    expect(new LocalAuth(i.dir).refresh(guest.refreshToken)?.uid).toBe(guest.uid);
    i.cleanup();
  });

  test('are random and opaque: not the secret, not derived from the uid, not stored as given', () => {
    const i = install();
    const a = i.auth.issueGuest();
    const b = i.auth.issueGuest();
    expect(a.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    const secretHex = readFileSync(join(i.dir, 'auth-secret.key'), 'utf8').trim();
    const secret = Buffer.from(secretHex, 'hex');
    expect(a.refreshToken).not.toContain(secretHex);
    expect(Buffer.from(a.refreshToken, 'base64url').equals(secret)).toBe(false);
    const onDisk = readdirSync(i.dir)
      .map((f) => readFileSync(join(i.dir, f)).toString('utf8'))
      .join('\n');
    expect(onDisk).toContain(a.uid);
    expect(onDisk).not.toContain(a.refreshToken);
    i.cleanup();
  });

  test.each([
    ['an unknown one', 'A'.repeat(43)],
    ['one of another install', null],
    ['a malformed one', 'not a refresh token'],
    ['an empty one', ''],
    ['an ID token', undefined],
  ])('refuse %s', (_name, given) => {
    const i = install();
    const other = install();
    const token = given === null ? other.auth.issueGuest().refreshToken : (given ?? i.auth.issueGuest().idToken);
    expect(i.auth.refresh(token)).toBeNull();
    i.cleanup();
    other.cleanup();
  });
});
