/**
 * Budgets under concurrency, as an attacker would try them: a guest fires 30
 * run-nows and 14 chat turns at once against a budget that fits about three
 * of each. Holds taken in one transaction per model call mean settled spend
 * never passes the budget, whatever the interleaving; everything that did not
 * fit is refused with the budget's name and when it resets.
 */
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stub: MessagesStub;
let stack: TestStack;

beforeAll(async () => {
  stub = await startMessagesStub();
  // Every call reports the same usage: 1,000 input and 7,000 output tokens on Sonnet, $0.072.
  stub.respond(() => textReply('Done.', { input_tokens: 1_000, output_tokens: 7_000 }));
  stack = await startStack({
    anthropicBaseUrl: stub.url,
    env: { GUEST_MONTHLY_BUDGET_USD: '0.25', RUN_NOW_PER_MINUTE: '100', CHAT_TURNS_PER_MINUTE: '100' },
  });
});
afterAll(async () => {
  await stack?.stop();
  await stub?.stop();
});

interface Usage {
  costUsd: number;
  budget: { usd: number; remainingUsd: number; reservedUsd: number };
  byAgent: { costUsd: number }[];
  designer: { costUsd: number };
}

async function usageOf(token: string): Promise<Usage> {
  return (await stack.api(token, 'GET', '/api/usage')).body as Usage;
}

test('30 concurrent run-nows never spend past the budget; the rest fail naming it', async () => {
  const g = await stack.guest();
  const agent = await stack.api(g.idToken, 'POST', '/api/agents', { name: 'Flood', finalAgentPrompt: 'Report.' });
  expect(agent.status).toBe(201);

  const answers = await Promise.all(
    Array.from({ length: 30 }, () => stack.api(g.idToken, 'POST', `/api/agents/${agent.body.id}/run`)),
  );
  await stack.tasks.idle();

  const usage = await usageOf(g.idToken);
  expect(usage.costUsd).toBeGreaterThan(0);
  expect(usage.costUsd).toBeLessThanOrEqual(usage.budget.usd);
  expect(usage.budget.reservedUsd).toBe(0);
  // The rows add up to the total, to the cent.
  const rows = usage.byAgent.reduce((t, r) => t + r.costUsd, 0) + usage.designer.costUsd;
  expect(Math.abs(rows - usage.costUsd)).toBeLessThan(0.005);

  const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.executionId as string);
  const refusedNow = answers.filter((a) => a.status === 429);
  expect(accepted.length + refusedNow.length).toBe(30);
  const runs = await Promise.all(
    accepted.map(async (id) => (await stack.api(g.idToken, 'GET', `/api/executions/${id}`)).body),
  );
  const succeeded = runs.filter((r) => r.status === 'success');
  const failed = runs.filter((r) => r.status === 'failed');
  expect(succeeded.length).toBeGreaterThanOrEqual(1);
  expect(succeeded.length).toBeLessThanOrEqual(3);
  expect(succeeded.length + failed.length).toBe(accepted.length);
  for (const run of failed) {
    expect(run.events.at(-1)).toMatchObject({ code: 'budget_refused', params: { budget: 'user_budget' } });
  }
  for (const refusal of refusedNow) {
    expect(refusal.body.error.code).toBe('resource_exhausted');
    expect(refusal.body.error.message).toMatch(/budget \(\$0\.25\) does not cover this.*resets on \d{4}-\d{2}-01/);
  }
  // The spend is exactly what the successful runs cost.
  expect(usage.costUsd).toBeCloseTo(
    succeeded.reduce((t, r) => t + r.costUsd, 0),
    6,
  );
  expect((await stack.api(g.idToken, 'GET', `/api/agents/${agent.body.id}`)).body.blockedBy).toBe('user_budget');
});

test('14 concurrent chat turns never spend past the budget; refusals say so in Korean when asked', async () => {
  const g = await stack.guest();
  const answers = await Promise.all(
    Array.from({ length: 14 }, (_, i) =>
      fetch(`${stack.url}/api/chat`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${g.idToken}`,
          'Content-Type': 'application/json',
          'Accept-Language': 'ko-KR,ko;q=0.9',
        },
        body: JSON.stringify({ message: `질문 ${i}` }),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { error: { code: string; message: string } },
      })),
    ),
  );
  await stack.turnTasks.idle();
  const usage = await usageOf(g.idToken);
  expect(usage.costUsd).toBeGreaterThan(0);
  expect(usage.costUsd).toBeLessThanOrEqual(usage.budget.usd);
  expect(usage.designer.costUsd).toBeCloseTo(usage.costUsd, 6);

  const done = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 429);
  expect(done.length).toBeGreaterThanOrEqual(1);
  expect(done.length).toBeLessThanOrEqual(3);
  expect(done.length + refused.length).toBe(14);
  for (const r of refused) {
    expect(r.body.error.code).toBe('resource_exhausted');
    expect(r.body.error.message).toMatch(/이번 달 예산\(\$0\.25\)이 부족합니다/);
  }
});

test('an agent’s own monthly budget stops its runs before the user’s does', async () => {
  const g = await stack.guest();
  const capped = await stack.api(g.idToken, 'POST', '/api/agents', {
    name: 'Capped',
    finalAgentPrompt: 'Report.',
    monthlyBudgetUsd: 0.1,
  });
  expect(capped.body.monthlyBudgetUsd).toBe(0.1);
  const first = await stack.api(g.idToken, 'POST', `/api/agents/${capped.body.id}/run`);
  expect(first.status).toBe(202);
  await stack.tasks.idle();
  const second = await stack.api(g.idToken, 'POST', `/api/agents/${capped.body.id}/run`);
  expect(second.status).toBe(429);
  expect(second.body.error.message).toMatch(/This agent's monthly budget \(\$0\.10\)/);
  const agent = (await stack.api(g.idToken, 'GET', `/api/agents/${capped.body.id}`)).body;
  expect(agent.blockedBy).toBe('agent_budget');
  const usage = await usageOf(g.idToken);
  expect(usage.byAgent.find((r) => r.costUsd > 0)?.costUsd).toBeLessThanOrEqual(0.1);
});
