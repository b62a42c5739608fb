/**
 * The whole designer journey with no ANTHROPIC_API_KEY: the local stack's
 * offline model understands the goal and schedule, proposes a valid draft,
 * test-runs it with a plausible result, and the draft saves as a running agent.
 */
import { startStack, type TestStack } from '../support/stack';
import type { Wire } from './helpers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
  stack.clock.set(new Date('2026-11-18T03:00:00.000Z'));
});
afterAll(() => stack.stop());

async function journey(lines: string[], timezone?: string) {
  const g = await stack.guest();
  let id: string | undefined;
  const replies: Wire[] = [];
  for (const message of lines) {
    const res = await stack.api(g.idToken, 'POST', '/api/chat', {
      message,
      timezone,
      ...(id ? { conversationId: id } : {}),
    });
    expect(res.status).toBe(200);
    id = res.body.conversationId;
    replies.push(res.body);
  }
  return { g, id: id as string, replies };
}

test('Korean: from a goal to a tested, saved weekly agent in Seoul time', async () => {
  const { g, id, replies } = await journey(
    ['주식 시장 요약을 보내줘', '매주 월요일 오전 8시, 서울 시간으로'],
    'Europe/London',
  );
  for (const r of replies) expect(r.message.content).toContain('오프라인 대체 모델');
  expect(replies[0].draft).toBeUndefined();
  const last = replies[1];
  expect(last.draft).toMatchObject({
    schedule: { frequency: 'weekly', daysOfWeek: [1], time: '08:00', timezone: 'Asia/Seoul' },
  });
  // Repeated back before saving: in words, with the zone, the next three runs and the cost.
  expect(last.message.content).toContain('매주 월요일 오전 8:00 (서울)');
  expect(last.message.content).toMatch(/다음 세 번의 실행: 2026년 11월 23일 \(?월\)? 오전 8:00; 2026년 11월 30일/);
  expect(last.message.content).toMatch(/실행당 약 \$\d+\.\d\d, 한 달 약 \$\d+\.\d\d/);
  // The designer proposes the agent's own monthly budget from its estimate.
  expect(last.message.content).toMatch(/이 에이전트의 월 예산: \$\d+\.\d\d/);
  expect(last.draft.monthlyBudgetUsd).toBeGreaterThanOrEqual(0.1);

  const started = await stack.api(g.idToken, 'POST', `/api/conversations/${id}/test-run`, {});
  expect(started.status).toBe(202);
  await stack.tasks.idle();
  const run = await stack.api(g.idToken, 'GET', `/api/executions/${started.body.executionId}`);
  expect(run.body).toMatchObject({ trigger: 'test', status: 'success', agentId: null });
  expect(run.body.result).toContain('오프라인 대체 모델의 결과');
  const conversation = await stack.api(g.idToken, 'GET', `/api/conversations/${id}`);
  const testPart = conversation.body.messages.at(-1).parts[0];
  expect(testPart).toMatchObject({ type: 'test_run', data: { status: 'success' } });
  expect(testPart.data.result).toContain('주식 시장 요약');
  expect(conversation.body.estimate.basis).toBe('test_run');

  const saved = await stack.api(g.idToken, 'POST', `/api/conversations/${id}/save`, {});
  expect(saved.status).toBe(201);
  expect(saved.body).toMatchObject({ status: 'active', nextRunAt: '2026-11-22T23:00:00.000Z', conversationId: id });
  expect(saved.body.monthlyBudgetUsd).toBe(last.draft.monthlyBudgetUsd);
});

test('English: a daily agent in the client time zone, then changed by chat', async () => {
  const { g, id, replies } = await journey(
    ['hi', 'I want a summary of AI research news', 'every day at 7:30pm', 'Make it run at 9am instead'],
    'America/New_York',
  );
  for (const r of replies) expect(r.message.content).toContain('Offline stand-in');
  expect(replies[2].draft).toMatchObject({
    schedule: { frequency: 'daily', time: '19:30', timezone: 'America/New_York' },
  });
  expect(replies[2].message.content).toContain('Every day at 7:30 PM (New York), time zone America/New_York');
  expect(replies[3].draft).toMatchObject({ name: 'Daily summary of AI research news', schedule: { time: '09:00' } });

  const saved = await stack.api(g.idToken, 'POST', `/api/conversations/${id}/save`, {});
  expect(saved.body).toMatchObject({ name: 'Daily summary of AI research news', status: 'active' });
  expect(saved.body.nextRunAt).toBe('2026-11-18T14:00:00.000Z');
});

test('no client time zone: the designer asks once which zone, then proposes in the city named', async () => {
  const { replies } = await journey(['Every day at 8am, summarize AI news', 'Seoul time please']);
  expect(replies[0].draft).toBeUndefined();
  expect(replies[0].message.content).toContain('Which time zone should 08:00 be in?');
  expect(replies[1].draft).toMatchObject({
    name: 'Daily AI news summary',
    schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
  });
  expect(replies[1].message.content).toContain('Every day at 8:00 AM (Seoul), time zone Asia/Seoul');
});
