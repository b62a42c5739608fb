/**
 * Error messages in the caller's language, through the real HTTP routing of the
 * local stack: `Accept-Language: ko` gets the Korean message, anything else the
 * English; the code, the status and the details' fields never change with it.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alice: { uid: string; idToken: string };

beforeAll(async () => {
  stack = await startStack();
  alice = await stack.guest();
});
afterAll(async () => stack?.stop());

async function call(language: string | undefined, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { Authorization: `Bearer ${alice.idToken}` };
  if (language) headers['Accept-Language'] = language;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    error: (
      (await res.json()) as { error: { code: string; message: string; details?: { field: string; message: string }[] } }
    ).error,
  };
}

const HANGUL = /[가-힣]/;

describe('error messages in the caller’s language', () => {
  const cases: { name: string; method: string; path: string; body?: unknown; korean: RegExp }[] = [
    {
      name: 'a conversation that does not exist',
      method: 'POST',
      path: '/api/chat',
      body: { message: '안녕하세요', conversationId: 'no-such-conversation' },
      korean: /대화를 찾을 수 없습니다/,
    },
    {
      name: 'a message longer than the limit',
      method: 'POST',
      path: '/api/chat',
      body: { message: 'x'.repeat(10_001) },
      korean: /메시지는 1–10,000자여야 합니다/,
    },
    {
      name: 'an agent that does not exist',
      method: 'POST',
      path: '/api/agents/nope/run',
      korean: /에이전트를 찾을 수 없습니다/,
    },
    {
      name: 'an agent with an invalid schedule',
      method: 'POST',
      path: '/api/agents',
      body: {
        name: 'x',
        finalAgentPrompt: 'y',
        schedule: { frequency: 'daily', time: '25:00', timezone: 'Asia/Seoul' },
      },
      korean: /올바르지 않은 항목이 있습니다/,
    },
    { name: 'an endpoint that does not exist', method: 'GET', path: '/api/nothing-here', korean: /찾을 수 없습니다/ },
  ];

  it.each(cases)('answers $name in Korean for ko and in English otherwise', async ({ method, path, body, korean }) => {
    const ko = await call('ko-KR,ko;q=0.9,en;q=0.8', method, path, body);
    const en = await call('en-US,en;q=0.9', method, path, body);
    const none = await call(undefined, method, path, body);
    expect(ko.error.message).toMatch(korean);
    expect(en.error.message).not.toMatch(HANGUL);
    expect(none.error.message).toBe(en.error.message);
    // Only the words change: the status, the code and the fields named stay the same.
    expect(ko.status).toBe(en.status);
    expect(ko.error.code).toBe(en.error.code);
    expect(ko.error.details?.map((d) => d.field)).toEqual(en.error.details?.map((d) => d.field));
    for (const detail of ko.error.details ?? []) expect(detail.message).toMatch(HANGUL);
  });
});
