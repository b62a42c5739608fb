/**
 * Guest sessions on the whole local stack behave as Firebase's do: an ID token
 * is refused once its hour is over, and the guest's refresh token gets a fresh
 * one that the API accepts.
 */
import { LocalAuth } from '@agent-platform/local';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.stop());

const refresh = (refreshToken: string) =>
  fetch(`${stack.url}/__local/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });

test('POST /__local/guest answers like the anonymous sign-up', async () => {
  const guest = await stack.guest();
  expect(Object.keys(guest).sort()).toEqual(['expiresIn', 'idToken', 'refreshToken', 'uid']);
  expect(guest.expiresIn).toBe('3600');
  expect((await stack.api(guest.idToken, 'GET', '/api/agents')).status).toBe(200);
});

test('an API call with a token past its hour answers 401, then succeeds after refreshing', async () => {
  // A guest who signed up on this install two hours ago: its ID token expired an hour ago.
  const twoHoursAgo = new LocalAuth(stack.dataDir, { now: () => Date.now() - 2 * 3600_000 });
  const guest = twoHoursAgo.issueGuest();

  const refused = await stack.api(guest.idToken, 'POST', '/api/agents', { name: 'Late', finalAgentPrompt: 'p' });
  expect(refused.status).toBe(401);
  expect(refused.body.error).toMatchObject({ code: 'unauthenticated' });
  const feed = await fetch(
    `${stack.url}/__local/live?token=${guest.idToken}&query=${encodeURIComponent(JSON.stringify({ collection: 'agents', where: [['userId', '==', guest.uid]] }))}`,
  );
  expect(feed.status).toBe(401);

  const res = await refresh(guest.refreshToken);
  expect(res.status).toBe(200);
  const fresh = (await res.json()) as { id_token: string; refresh_token: string; user_id: string; expires_in: string };
  expect(fresh).toMatchObject({ user_id: guest.uid, refresh_token: guest.refreshToken, expires_in: '3600' });

  const created = await stack.api(fresh.id_token, 'POST', '/api/agents', { name: 'Late', finalAgentPrompt: 'p' });
  expect(created.status).toBe(201);
  const mine = await stack.api(fresh.id_token, 'GET', '/api/agents');
  expect(mine.body.agents.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
});

test('an unknown refresh token is refused with the Secure Token API’s 400', async () => {
  const res = await refresh('C'.repeat(43));
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    error: { code: 400, message: 'INVALID_REFRESH_TOKEN', status: 'INVALID_ARGUMENT' },
  });
});
