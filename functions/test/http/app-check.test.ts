/**
 * App Check on the public functions (functions/src/http/router.ts): with
 * APP_CHECK_ENFORCE on, a request without a valid App Check token is refused
 * 401 before its ID token is looked at or its route runs; with it off, no
 * token is asked for. Tokens come from the local App Check stand-in.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Auth } from '@agent-platform/core/ports';
import { LocalAppCheck } from '@agent-platform/local';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { httpFunction } from '../../src/http/router';
import { loadConfig } from '../../src/shared/config';
import type { Adapters } from '../../src/shared/factory';

const secret = Buffer.alloc(32, 3);
let nowSeconds = 1_800_000_000;
const appCheck = new LocalAppCheck(secret, () => nowSeconds);
let tokensChecked = 0;
let handled = 0;
const auth: Auth = {
  async verifyIdToken() {
    tokensChecked++;
    return { uid: 'u1', provider: 'anonymous' };
  },
};
let enforce = true;
const deps = (): Adapters =>
  ({
    config: loadConfig({ PLATFORM_ENV: 'test', APP_CHECK_ENFORCE: enforce ? 'true' : 'false' }),
    auth,
    appCheck,
    now: () => new Date(),
  }) as unknown as Adapters;

http(
  'appChecked',
  httpFunction(
    [
      {
        method: 'GET',
        path: '/api/things',
        handle: async () => {
          handled++;
          return { status: 200, body: { ok: true } };
        },
      },
    ],
    deps,
  ),
);

let server: Server;
let base = '';
beforeAll(async () => {
  server = getTestServer('appChecked');
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  enforce = true;
  tokensChecked = 0;
  handled = 0;
  nowSeconds = 1_800_000_000;
});

const call = (appCheckToken?: string) =>
  fetch(`${base}/api/things`, {
    headers: { Authorization: 'Bearer id', ...(appCheckToken ? { 'X-Firebase-AppCheck': appCheckToken } : {}) },
  });

test('with App Check enforced, a valid token lets the request through', async () => {
  const res = await call(appCheck.issue().token);
  expect(res.status).toBe(200);
  expect([tokensChecked, handled]).toEqual([1, 1]);
});

test.each([
  ['no App Check token', () => undefined],
  ['a token of another install', () => new LocalAppCheck(Buffer.alloc(32, 9), () => nowSeconds).issue().token],
  ['a token with its claims changed', () => tamper(appCheck.issue().token)],
  ['an ID token in its place', () => 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
])('with App Check enforced, %s is refused 401 before the ID token is checked', async (_name, token) => {
  const res = await call(token());
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('unauthenticated');
  expect(body.error.message).toMatch(/App Check/);
  expect([tokensChecked, handled]).toEqual([0, 0]);
});

test('with App Check enforced, a token past its hour is refused', async () => {
  const token = appCheck.issue().token;
  nowSeconds += 3600;
  expect((await call(token)).status).toBe(401);
  nowSeconds -= 1;
  expect((await call(token)).status).toBe(200);
});

test('with App Check off, no token is asked for', async () => {
  enforce = false;
  expect((await call()).status).toBe(200);
  expect(handled).toBe(1);
});

/** The same token with one claim changed and its signature kept. */
function tamper(token: string): string {
  const [head, body, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  claims.exp += 86_400;
  return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
