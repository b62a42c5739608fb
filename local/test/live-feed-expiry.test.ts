/**
 * A live feed lives no longer than its ID token, like a Firestore listener: it
 * ends with an `unauthenticated` error when the token expires, and a token
 * already expired opens nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAuth } from '../src/guest-auth';
import { serveLiveFeed } from '../src/live-feed';
import { SqliteStore } from '../src/sqlite-store';

let dir: string;
let store: SqliteStore;
let server: Server;
let base: string;
const clock = { ms: Date.UTC(2026, 10, 29, 12, 0, 0) };
let auth: LocalAuth;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'live-expiry-'));
  store = new SqliteStore(join(dir, 'store.db'));
  auth = new LocalAuth(dir, { now: () => clock.ms });
  server = createServer((req, res) => void serveLiveFeed(req, res, { auth, store }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const feedUrl = (token: string, uid: string) =>
  `${base}/live?token=${token}&query=${encodeURIComponent(JSON.stringify({ collection: 'agents', where: [['userId', '==', uid]] }))}`;

test('the feed ends with an unauthenticated error when its token expires', async () => {
  const guest = auth.issueGuest();
  clock.ms += 3600_000 - 300; // 300 ms of the token's hour left
  const opened = Date.now();
  // Without the cut the feed would stay open: give up after a few seconds instead of the test's timeout.
  const res = await fetch(feedUrl(guest.idToken, guest.uid), { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  // The body ended by itself (the loop above returned): the server closed the feed.
  expect(Date.now() - opened).toBeGreaterThanOrEqual(250);
  const events = text.split('\n\n').filter(Boolean);
  expect(events[0]).toMatch(/^event: snapshot\n/);
  expect(events.at(-1)).toMatch(/^event: error\ndata: \{"code":"unauthenticated"/);
});

test('a token already expired opens no feed: 401', async () => {
  const guest = auth.issueGuest();
  clock.ms += 3600_000;
  const res = await fetch(feedUrl(guest.idToken, guest.uid));
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
});
