/**
 * Log lines written while a request is handled carry its trace, however deep
 * and however late in the request they are written, and never another
 * request's: the edge (functions/src/http/request-edge.ts) puts the trace of
 * each request around its handling.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Auth } from '@agent-platform/core/ports';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { httpFunction } from '../../src/http/router';
import { loadConfig } from '../../src/shared/config';
import { adapters, useAdapters } from '../../src/shared/factory';
import { configureLog, log } from '../../src/shared/log';

const auth: Auth = { verifyIdToken: async () => ({ uid: 'u1', provider: 'test' }) };
const lines: Record<string, unknown>[] = [];

http(
  'traced',
  httpFunction(
    [
      {
        method: 'GET',
        path: '/api/work/:name',
        handle: async ({ params }) => {
          log.info('started', { name: params.name });
          // Later, after other requests have been taken in.
          await new Promise((r) => setTimeout(r, 30));
          log.info('finished', { name: params.name });
          return { status: 200, body: { ok: true } };
        },
      },
    ],
    adapters,
  ),
);

let server: Server;
let base = '';
beforeAll(async () => {
  useAdapters({
    config: loadConfig({ PLATFORM_ENV: 'test', GOOGLE_CLOUD_PROJECT: 'demo-project' }),
    auth,
    now: () => new Date(),
  } as never);
  configureLog({ sink: (l) => lines.push(JSON.parse(l)) });
  server = getTestServer('traced');
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  configureLog({ sink: () => {} });
  useAdapters(undefined);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const trace = (n: number) => n.toString(16).padStart(32, 'a');

test('each request’s lines carry its own trace, also when requests overlap', async () => {
  lines.length = 0;
  const answers = await Promise.all(
    [1, 2, 3].map((n) =>
      fetch(`${base}/api/work/job${n}`, {
        headers: { Authorization: 'Bearer t', 'X-Cloud-Trace-Context': `${trace(n)}/${n};o=1` },
      }),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  for (const n of [1, 2, 3]) {
    const mine = lines.filter((l) => l.name === `job${n}`);
    expect(mine.map((l) => l.message)).toEqual(['started', 'finished']);
    for (const line of mine) {
      expect(line['logging.googleapis.com/trace']).toBe(`projects/demo-project/traces/${trace(n)}`);
    }
  }
});

test('a request without a trace header logs no trace, and lines outside a request have none', async () => {
  lines.length = 0;
  await fetch(`${base}/api/work/plain`, { headers: { Authorization: 'Bearer t' } });
  log.info('between requests');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).not.toHaveProperty(['logging.googleapis.com/trace']);
});
