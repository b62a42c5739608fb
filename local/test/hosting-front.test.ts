/**
 * The local Hosting front (local/src/hosting/hosting-front.ts) against a fake
 * function: answers buffered, cut at the timeout, cookies other than
 * `__session` dropped, firebase.json's headers added, and the CDN's caching.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheSeconds } from '../src/hosting/cdn-cache';
import { HostingFront } from '../src/hosting/hosting-front';
import { globToRegex } from '../src/hosting/rewrites';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('ok');
let functionServer: Server;
let front: Server;
let base = '';
let calls = 0;
const seen: IncomingMessage['headers'][] = [];
const webRoot = mkdtempSync(join(tmpdir(), 'hosting-'));

beforeAll(async () => {
  writeFileSync(join(webRoot, 'index.html'), '<p>app</p>');
  functionServer = createServer((req, res) => {
    calls++;
    seen.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((r) => functionServer.listen(0, '127.0.0.1', r));
  const fnUrl = `http://127.0.0.1:${(functionServer.address() as AddressInfo).port}`;
  const hosting = new HostingFront({
    webRoot,
    rewrites: [
      { source: '/api/**', regex: globToRegex('/api/**'), serviceId: 'agents' },
      { source: '**', regex: globToRegex('**'), destination: '/index.html' },
    ],
    headers: [{ regex: globToRegex('**'), headers: [{ key: 'X-Frame-Options', value: 'DENY' }] }],
    serviceUrl: () => fnUrl,
    timeoutMs: 300,
  });
  front = createServer((req, res) => {
    void hosting.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((done) => {
      if (!done) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterAll(async () => {
  front.closeAllConnections();
  functionServer.closeAllConnections();
  await new Promise((r) => front.close(r));
  await new Promise((r) => functionServer.close(r));
  rmSync(webRoot, { recursive: true, force: true });
});
beforeEach(() => {
  calls = 0;
  seen.length = 0;
});

test('a streamed answer reaches the browser in one piece, when the function has finished', async () => {
  let finishedAt = 0;
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write('event: a\ndata: 1\n\n');
    setTimeout(() => {
      finishedAt = Date.now();
      res.end('event: b\ndata: 2\n\n');
    }, 150);
  };
  const res = await fetch(`${base}/api/stream`);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read();
  const firstAt = Date.now();
  expect(firstAt).toBeGreaterThanOrEqual(finishedAt);
  expect(finishedAt).toBeGreaterThan(0);
  expect(new TextDecoder().decode(first.value)).toContain('event: b');
});

test('an answer not complete within the timeout is cut with 504, and the function is not stopped', async () => {
  let functionFinished = false;
  handler = (_req, res) => {
    setTimeout(() => {
      functionFinished = true;
      res.end('late');
    }, 600);
  };
  const res = await fetch(`${base}/api/slow`);
  expect(res.status).toBe(504);
  await new Promise((r) => setTimeout(r, 400));
  expect(functionFinished).toBe(true);
});

test('only the __session cookie reaches the function; the request otherwise passes as sent', async () => {
  handler = (_req, res) => res.end('{}');
  await fetch(`${base}/api/x?y=1`, {
    method: 'POST',
    headers: { cookie: 'a=1; __session=s; b=2', authorization: 'Bearer t', 'content-type': 'application/json' },
    body: '{"n":1}',
  });
  expect(seen[0]).toMatchObject({ cookie: '__session=s', authorization: 'Bearer t', 'content-length': '7' });
  const noCookie = await fetch(`${base}/api/x`, { headers: { cookie: 'a=1' } });
  expect(noCookie.status).toBe(200);
  expect(seen[1]?.cookie).toBeUndefined();
});

test('firebase.json headers are added to function answers and to files', async () => {
  handler = (_req, res) => res.end('{}');
  expect((await fetch(`${base}/api/x`)).headers.get('x-frame-options')).toBe('DENY');
  const page = await fetch(`${base}/some/page`);
  expect([page.status, page.headers.get('x-frame-options'), await page.text()]).toEqual([200, 'DENY', '<p>app</p>']);
});

test('a 404 without cache headers is kept by the CDN for the next caller; one marked no-store is not', async () => {
  handler = (_req, res) => res.writeHead(404).end('missing');
  await fetch(`${base}/api/cached-404`);
  handler = (_req, res) => res.end('found now');
  const again = await fetch(`${base}/api/cached-404`);
  expect([again.status, await again.text(), calls]).toEqual([404, 'missing', 1]);

  handler = (_req, res) => res.writeHead(404, { 'Cache-Control': 'no-store' }).end('missing');
  await fetch(`${base}/api/fresh-404`);
  handler = (_req, res) => res.end('found now');
  expect(await (await fetch(`${base}/api/fresh-404`)).text()).toBe('found now');
});

test.each([
  ['a 200 without cache headers', 200, undefined, 0],
  ['a 404 without cache headers', 404, undefined, 600],
  ['no-store', 200, 'no-store', 0],
  ['private with max-age', 200, 'private, max-age=60', 0],
  ['public with max-age', 200, 'public, max-age=60', 60],
  ['public with s-maxage over max-age', 200, 'public, max-age=60, s-maxage=600', 600],
])('the CDN keeps %s for the right time', (_name, status, cacheControl, seconds) => {
  expect(cacheSeconds(status, cacheControl)).toBe(seconds);
});
