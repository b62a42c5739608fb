/**
 * `POST /__local/token` answers like the Secure Token API's refresh
 * (https://firebase.google.com/docs/reference/rest/auth#section-refresh-token),
 * over a real HTTP server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_PROJECT_ID, LocalAuth } from '../src/guest-auth';
import { MAX_TOKEN_BODY_BYTES, serveTokenRefresh } from '../src/token-endpoint';

let dir: string;
let auth: LocalAuth;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'token-endpoint-'));
  auth = new LocalAuth(dir);
  server = createServer((req, res) => void serveTokenRefresh(req, res, auth));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__local/token`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

interface Answer {
  id_token: string;
  user_id: string;
  error: { code: number; message: string; status: string };
}

async function post(init: RequestInit): Promise<{ status: number; body: Answer }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Answer };
}

test('a refresh token (form-encoded, as the Firebase SDK sends it) gets a fresh ID token for its guest', async () => {
  const guest = auth.issueGuest();
  const res = await post(form({ grant_type: 'refresh_token', refresh_token: guest.refreshToken }));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    access_token: res.body.id_token,
    expires_in: '3600',
    token_type: 'Bearer',
    refresh_token: guest.refreshToken,
    id_token: expect.any(String),
    user_id: guest.uid,
    project_id: LOCAL_PROJECT_ID,
  });
  await expect(auth.verifyIdToken(res.body.id_token)).resolves.toMatchObject({ uid: guest.uid, provider: 'anonymous' });
});

test('a JSON body works too', async () => {
  const guest = auth.issueGuest();
  const res = await post({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: guest.refreshToken }),
  });
  expect(res.status).toBe(200);
  expect(res.body.user_id).toBe(guest.uid);
});

test.each<[string, () => RequestInit, string]>([
  [
    'an unknown refresh token',
    () => form({ grant_type: 'refresh_token', refresh_token: 'B'.repeat(43) }),
    'INVALID_REFRESH_TOKEN',
  ],
  [
    'a malformed refresh token',
    () => form({ grant_type: 'refresh_token', refresh_token: 'not/a token' }),
    'INVALID_REFRESH_TOKEN',
  ],
  [
    'an ID token instead',
    () => form({ grant_type: 'refresh_token', refresh_token: auth.issueGuest().idToken }),
    'INVALID_REFRESH_TOKEN',
  ],
  ['no refresh token', () => form({ grant_type: 'refresh_token' }), 'MISSING_REFRESH_TOKEN'],
  [
    'another grant type',
    () => form({ grant_type: 'password', refresh_token: auth.issueGuest().refreshToken }),
    'INVALID_GRANT_TYPE',
  ],
  ['no body', () => ({ method: 'POST' }), 'INVALID_GRANT_TYPE'],
])('%s: 400 with Google’s error body', async (_name, init, message) => {
  const res = await post(init());
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
});

test('malformed JSON: 400', async () => {
  const res = await post({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":' });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
});

test('a body over the bound is refused before it is parsed, whether its length is declared or not', async () => {
  const guest = auth.issueGuest();
  // A valid request padded past the bound: were it parsed, it would succeed.
  const padded = `grant_type=refresh_token&refresh_token=${guest.refreshToken}&pad=${'x'.repeat(MAX_TOKEN_BODY_BYTES)}`;
  const declared = await post({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: padded,
  });
  expect(declared.status).toBe(413);
  expect(declared.body.error).toMatchObject({ code: 413 });

  // Chunked, so only counting what arrives can catch it.
  const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (let i = 0; i < padded.length; i += 1024) req.write(padded.slice(i, i + 1024));
    req.end();
  });
  expect(chunked.status).toBe(413);
  expect(JSON.parse(chunked.body).error).toMatchObject({ code: 413 });

  const small = await post(form({ grant_type: 'refresh_token', refresh_token: guest.refreshToken }));
  expect(small.status).toBe(200);
});
