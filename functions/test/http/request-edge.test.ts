/**
 * The request edge every function has, before the Functions Framework reads a
 * body (functions/src/http/request-edge.ts): encoded bodies and declared
 * lengths over the limit are refused unread, before the token is looked at,
 * and a body sent without a length is cut once it passes the limit.
 */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { UnauthenticatedError } from '@agent-platform/core/errors';
import type { Auth } from '@agent-platform/core/ports';
import { cloudEvent, http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { httpFunction } from '../../src/http/router';
import { loadConfig } from '../../src/shared/config';
import { adapters, useAdapters } from '../../src/shared/factory';

const LIMIT = 256 * 1024;
let handled = 0;
const auth: Auth = {
  async verifyIdToken(token) {
    if (token !== 'good') throw new UnauthenticatedError();
    return { uid: 'u1', provider: 'test' };
  },
};

http(
  'edgeApi',
  httpFunction(
    [
      {
        method: 'POST',
        path: '/api/things',
        handle: async ({ body }) => {
          handled++;
          return { status: 201, body: { got: body } };
        },
      },
    ],
    adapters,
  ),
);
cloudEvent('edgeEvent', () => {
  handled++;
  return { ok: true };
});

const servers = { edgeApi: '', edgeEvent: '' };
const listening: Server[] = [];
beforeAll(async () => {
  useAdapters({ config: loadConfig({ PLATFORM_ENV: 'test' }), auth, now: () => new Date() } as never);
  for (const name of ['edgeApi', 'edgeEvent'] as const) {
    const server = getTestServer(name);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    listening.push(server);
    servers[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  useAdapters(undefined);
  for (const server of listening) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
beforeEach(() => {
  handled = 0;
});

/** A gzip body of `kib` KiB that inflates to about a thousand times as much. */
const bomb = (kib: number) => gzipSync(Buffer.alloc(kib * 1024 * 1000, 'a'), { level: 9 });

describe('an encoded body', () => {
  test('a 200 KB gzip bomb is refused with 415, unread, and the memory stays where it was', async () => {
    const body = bomb(200);
    expect(body.length).toBeLessThan(400 * 1024);
    global.gc?.();
    const before = process.memoryUsage();
    const res = await fetch(`${servers.edgeApi}/api/things`, {
      method: 'POST',
      headers: { Authorization: 'Bearer good', 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body,
    });
    const after = process.memoryUsage();
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    expect(handled).toBe(0);
    // Inflated, the body would be about 200 MB of buffers and strings.
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(
      50 * 1024 * 1024,
    );
  });

  test.each(['gzip', 'deflate', 'br', 'GZIP', 'gzip, identity'])(
    'Content-Encoding %s is refused before the token is checked',
    async (encoding) => {
      const res = await fetch(`${servers.edgeApi}/api/things`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        body: '{}',
      });
      expect(res.status).toBe(415);
    },
  );

  test('Content-Encoding identity is plain JSON and goes through', async () => {
    const res = await fetch(`${servers.edgeApi}/api/things`, {
      method: 'POST',
      headers: { Authorization: 'Bearer good', 'Content-Type': 'application/json', 'Content-Encoding': 'identity' },
      body: '{"a":1}',
    });
    expect([res.status, await res.json()]).toEqual([201, { got: { a: 1 } }]);
  });

  test('the event functions have the same edge (tick)', async () => {
    const res = await fetch(servers.edgeEvent, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'ce-type': 'x', 'ce-id': '1' },
      body: bomb(10),
    });
    expect(res.status).toBe(415);
    expect(handled).toBe(0);
  });
});

describe('a body over the limit', () => {
  test('a 10 MB Content-Length is answered 413 before a byte of the body is sent', async () => {
    const url = new URL(`${servers.edgeApi}/api/things`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on('error', reject);
      // A server waiting for the body never answers: fail instead of hanging the suite.
      req.setTimeout(10_000, () => {
        resolve(-1);
        req.destroy();
      });
      req.setHeader('Content-Type', 'application/json');
      req.setHeader('Content-Length', String(10 * 1024 * 1024));
      // Headers only: a server that waited for the body would never answer.
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(handled).toBe(0);
  });

  test('a declared length over the limit is refused before the token is checked', async () => {
    const res = await fetch(`${servers.edgeApi}/api/things`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(LIMIT) }),
    });
    expect(res.status).toBe(413);
  });

  test('a body without a length (chunked) is cut with 413 once it passes the limit', async () => {
    const url = new URL(`${servers.edgeApi}/api/things`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on('error', () => resolve(-1)); // the server may close the socket as it answers
      req.setHeader('Content-Type', 'application/json');
      req.setHeader('Authorization', 'Bearer good');
      req.setHeader('Transfer-Encoding', 'chunked');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * LIMIT) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        req.end();
      };
      pump();
      void reject;
    });
    expect(status).toBe(413);
    expect(handled).toBe(0);
  });
});
