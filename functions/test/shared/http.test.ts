/**
 * The HTTP edge every function shares, served through the Functions Framework's
 * own server: token check, request limits, routing and the one error format.
 */
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError, UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth } from '@agent-platform/core/ports';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { httpFunction } from '../../src/http/router';
import { loadConfig } from '../../src/shared/config';
import { adapters, useAdapters } from '../../src/shared/factory';

const auth: Auth = {
  async verifyIdToken(token) {
    if (token !== 'good') throw new UnauthenticatedError();
    return { uid: 'u1', provider: 'test' };
  },
};

http(
  'edge',
  httpFunction(
    [
      {
        method: 'GET',
        path: '/api/things/:id',
        handle: async ({ params, user }) => ({ status: 200, body: { id: params.id, uid: user.uid } }),
      },
      { method: 'POST', path: '/api/things', handle: async ({ body }) => ({ status: 201, body: { got: body } }) },
      {
        method: 'POST',
        path: '/api/bad',
        handle: async () => {
          throw new InvalidArgumentError('Name is too long.', [{ field: 'name', message: 'At most 100 characters.' }]);
        },
      },
      {
        method: 'GET',
        path: '/api/boom',
        handle: async () => {
          throw new Error('database password is hunter2');
        },
      },
    ],
    adapters,
  ),
);

let base = '';
let server: ReturnType<typeof getTestServer>;

beforeAll(async () => {
  useAdapters({ config: loadConfig({ PLATFORM_ENV: 'test' }), auth, now: () => new Date() } as never);
  server = getTestServer('edge');
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  useAdapters(undefined);
  await new Promise((r) => server.close(r));
});

const call = async (method: string, path: string, init: { token?: string; body?: string; type?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = init.type ?? 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: init.body });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
};

test.each([
  ['no token', undefined, 401, 'unauthenticated'],
  ['a bad token', 'bad', 401, 'unauthenticated'],
  ['a good token', 'good', 200, undefined],
])('a request with %s answers %i', async (_n, token, status, code) => {
  const res = await call('GET', '/api/things/42', { token });
  expect(res.status).toBe(status);
  expect(res.body).toEqual(code ? { error: expect.objectContaining({ code }) } : { id: '42', uid: 'u1' });
});

test('malformed JSON is a 400 in the API error format', async () => {
  const res = await call('POST', '/api/things', { token: 'good', body: '{"a":' });
  expect(res).toEqual({
    status: 400,
    body: { error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } },
  });
});

test.each([
  ['null', 'null'],
  ['a string', '"text"'],
  ['a number', '3'],
  ['an array', '[1, 2]'],
])('a body that is %s is refused as not a JSON object', async (_n, body) => {
  const res = await call('POST', '/api/things', { token: 'good', body });
  expect(res).toEqual({
    status: 400,
    body: { error: { code: 'invalid_argument', message: 'The request body must be a JSON object.' } },
  });
});

test('a body sent without a Content-Type is refused, not read as empty', async () => {
  const res = await fetch(`${base}/api/things`, {
    method: 'POST',
    headers: { Authorization: 'Bearer good' },
    body: new Blob(['{"name":"x"}']),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
    /Content-Type: application\/json/,
  );
});

test('a compressed body is refused unread with 415, in the API format, without zlib internals', async () => {
  const res = await fetch(`${base}/api/things`, {
    method: 'POST',
    headers: { Authorization: 'Bearer good', 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: 'not gzip at all',
  });
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status).toBe(415);
  expect(body.error.code).toBe('unsupported_media_type');
  expect(body.error.message).not.toMatch(/header check|zlib/i);
});

test('a body over 256 KiB is a 413', async () => {
  const res = await call('POST', '/api/things', {
    token: 'good',
    body: JSON.stringify({ text: 'x'.repeat(300 * 1024) }),
  });
  expect(res.status).toBe(413);
  expect(res.body.error.code).toBe('payload_too_large');
});

test('a body that is not JSON is refused', async () => {
  const res = await call('POST', '/api/things', { token: 'good', body: 'name=x', type: 'text/plain' });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/JSON/);
});

test('validation errors name the field in details', async () => {
  const res = await call('POST', '/api/bad', { token: 'good', body: '{}' });
  expect(res).toEqual({
    status: 400,
    body: {
      error: {
        code: 'invalid_argument',
        message: 'Name is too long.',
        details: [{ field: 'name', message: 'At most 100 characters.' }],
      },
    },
  });
});

test('an unexpected failure is a 500 that reveals nothing internal', async () => {
  const res = await call('GET', '/api/boom', { token: 'good' });
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe('internal');
  expect(JSON.stringify(res.body)).not.toContain('hunter2');
});

test('an unknown path is 404 and a wrong method 405 with Allow, in the error format', async () => {
  expect((await call('GET', '/api/nothing', { token: 'good' })).body.error.code).toBe('not_found');
  const wrong = await fetch(`${base}/api/things/1`, { method: 'DELETE', headers: { Authorization: 'Bearer good' } });
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('GET');
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  // Before the token is looked at: the method is wrong whoever asks.
  const anonymous = await fetch(`${base}/api/things`, { method: 'PUT' });
  expect([anonymous.status, anonymous.headers.get('allow')]).toEqual([405, 'POST']);
});
