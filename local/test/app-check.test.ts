/**
 * The local App Check stand-in (local/src/app-check.ts) issues tokens shaped
 * as App Check's exchange gives them, and the stack hands them out at
 * `POST /__local/app-check`.
 */
import { LOCAL_PROJECT_NUMBER, LOCAL_WEB_APP_ID, LocalAppCheck } from '../src/app-check';
import { LOCAL_PROJECT } from '../src/google/identity';

test('a token is a JWT naming this project and web app, for one hour', async () => {
  const appCheck = new LocalAppCheck(Buffer.alloc(32, 1), () => 1_800_000_000);
  const { token, ttlMillis } = appCheck.issue();
  const [head, body] = token
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
  expect(head).toMatchObject({ alg: 'HS256', typ: 'JWT', kid: expect.any(String) });
  expect(body).toEqual({
    iss: `https://firebaseappcheck.googleapis.com/${LOCAL_PROJECT_NUMBER}`,
    sub: LOCAL_WEB_APP_ID,
    aud: [`projects/${LOCAL_PROJECT_NUMBER}`, `projects/${LOCAL_PROJECT}`],
    iat: 1_800_000_000,
    exp: 1_800_003_600,
  });
  expect(ttlMillis).toBe(3_600_000);
  await expect(appCheck.verifyToken(token)).resolves.toBeUndefined();
});

test('a token issued in the future, or one of the ID-token kind, is refused', async () => {
  let now = 1_800_000_000;
  const appCheck = new LocalAppCheck(Buffer.alloc(32, 1), () => now);
  now += 3600;
  const future = appCheck.issue().token;
  now -= 3600;
  await expect(appCheck.verifyToken(future)).rejects.toMatchObject({ code: 'unauthenticated' });
  await expect(appCheck.verifyToken('not-a-token')).rejects.toMatchObject({ code: 'unauthenticated' });
});
