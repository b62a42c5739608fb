import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { describeAuthContract } from '@agent-platform/functions/contracts';
import { LOCAL_PROJECT_ID, LocalAuth } from '../src/guest-auth';
import { CLOCK_SKEW_SECONDS, guestClaims, type IdTokenClaims, idTokenKey, signIdToken } from '../src/id-token';

describeAuthContract('local guest tokens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const auth = new LocalAuth(dir);
  return {
    auth,
    userToken: async () => {
      const g = auth.issueGuest();
      return { uid: g.uid, token: g.idToken };
    },
    taskToken: async () => auth.issueTaskToken(),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** An install with a clock the test moves (whole seconds, as tokens count them). */
function install() {
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const clock = { ms: Date.UTC(2026, 10, 29, 12, 0, 0) };
  const auth = new LocalAuth(dir, { now: () => clock.ms });
  const key = idTokenKey(Buffer.from(readFileSync(join(dir, 'auth-secret.key'), 'utf8').trim(), 'hex'));
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
