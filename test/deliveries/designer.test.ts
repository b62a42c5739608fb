/**
 * The designer asks where results should go and puts the answer in the draft;
 * saving carries the deliveries onto the agent. Offline model, local stack.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

async function chat(token: string, message: string, conversationId?: string) {
  const res = await stack.api(token, 'POST', '/api/chat', {
    message,
    timezone: 'Asia/Seoul',
    ...(conversationId ? { conversationId } : {}),
  });
  expect(res.status).toBe(200);
  return res.body as { conversationId: string; message: { content: string }; draft?: { deliveries?: unknown[] } };
}

test('Korean: asked where to send results, the person names browser notifications and a webhook; both are saved', async () => {
  const g = await stack.guest();
  const first = await chat(g.idToken, '매일 오전 8시에 서울 날씨 요약해줘');
  expect(first.draft).toBeDefined();
  expect(first.message.content).toContain('결과를 어디로 보내드릴까요?');

  // A loopback receiver: this machine resolves no public names, and saving checks the address.
  const hook = 'http://127.0.0.1:9/hook';
  const second = await chat(g.idToken, `브라우저 알림으로 받고, 웹훅 ${hook} 에도 보내줘`, first.conversationId);
  expect(second.draft?.deliveries).toEqual([
    { type: 'webhook', url: hook, format: 'json', on: ['success', 'failure'] },
    { type: 'push', on: ['success', 'failure'] },
  ]);
  // It has somewhere to send now: the question is not asked again.
  expect(second.message.content).not.toContain('결과를 어디로 보내드릴까요?');

  const saved = await stack.api(g.idToken, 'POST', `/api/conversations/${first.conversationId}/save`);
  expect(saved.status).toBe(201);
  expect(saved.body.deliveries).toHaveLength(2);
  // The run's schedule and task were kept: the address went to deliveries, not into the prompt.
  expect(saved.body.finalAgentPrompt).not.toContain('127.0.0.1');
});

test('English: an unconfirmed e-mail address in the draft is refused at save, naming the field', async () => {
  const g = await stack.guest();
  const first = await chat(g.idToken, 'Summarise AI news every Monday at 9am');
  expect(first.message.content).toContain('Where should I send the results?');
  const second = await chat(g.idToken, 'Email it to me@example.com please', first.conversationId);
  expect(second.draft?.deliveries).toEqual([{ type: 'email', to: 'me@example.com', on: ['success', 'failure'] }]);
  const saved = await stack.api(g.idToken, 'POST', `/api/conversations/${first.conversationId}/save`);
  expect(saved.status).toBe(400);
  expect(saved.body.error.details).toEqual([expect.objectContaining({ field: 'deliveries[0].to' })]);
});
