/**
 * Budgets under attack, on the local stack with a model stand-in that reports
 * fixed usage (1,000 input and 7,000 output tokens per call on Sonnet: $0.072):
 * 30 concurrent run-nows and 14 concurrent chat turns from one guest whose
 * budget ($0.25) fits three of each. Spend ÷ budget must stay ≤ 1.0. Then
 * fairness: how long another user's run-now takes while one user floods the
 * queue with 50 runs, against the same run-now on a quiet stack.
 */
import { startMessagesStub, textReply } from '../../test/support/messages-stub';
import { startStack, type TestStack } from '../../test/support/stack';
import { progress } from '../lib/progress';
import { ratio, round } from '../lib/stats';
import type { BenchSection, BenchSuite } from '../lib/types';

const BUDGET_USD = 0.25;
const RUN_NOWS = 30;
const TURNS = 14;
const FLOOD = 50;
/** How long each model call of the fairness part takes. */
const CALL_MS = 300;

interface Usage {
  costUsd: number;
  budget: { usd: number };
}

async function usageOf(stack: TestStack, token: string): Promise<Usage> {
  return (await stack.api(token, 'GET', '/api/usage')).body as Usage;
}

async function flood(): Promise<BenchSection[]> {
  const stub = await startMessagesStub();
  stub.respond(() => textReply('Done.', { input_tokens: 1_000, output_tokens: 7_000 }));
  const stack = await startStack({
    anthropicBaseUrl: stub.url,
    env: {
      GUEST_MONTHLY_BUDGET_USD: String(BUDGET_USD),
      RUN_NOW_PER_MINUTE: '1000',
      CHAT_TURNS_PER_MINUTE: '1000',
    },
  });
  try {
    progress('budget', `${RUN_NOWS} concurrent run-nows`);
    const g = await stack.guest();
    const agent = await stack.api(g.idToken, 'POST', '/api/agents', { name: 'Flood', finalAgentPrompt: 'Report.' });
    const answers = await Promise.all(
      Array.from({ length: RUN_NOWS }, () => stack.api(g.idToken, 'POST', `/api/agents/${agent.body.id}/run`)),
    );
    await stack.tasks.idle();
    const runs = await Promise.all(
      answers
        .filter((a) => a.status === 202)
        .map(async (a) => (await stack.api(g.idToken, 'GET', `/api/executions/${a.body.executionId}`)).body),
    );
    const runSpend = (await usageOf(stack, g.idToken)).costUsd;
    const ran = runs.filter((r) => r.status === 'success').length;
    const refusedRuns = answers.length - ran;

    progress('budget', `${TURNS} concurrent chat turns`);
    const h = await stack.guest();
    const turns = await Promise.all(
      Array.from({ length: TURNS }, (_, i) => stack.api(h.idToken, 'POST', '/api/chat', { message: `question ${i}` })),
    );
    await stack.turnTasks.idle();
    const chatSpend = (await usageOf(stack, h.idToken)).costUsd;
    const answered = turns.filter((t) => t.status === 200).length;

    const problems = [
      ...(runSpend > BUDGET_USD ? [`run-nows spent $${runSpend}, past the $${BUDGET_USD} budget`] : []),
      ...(chatSpend > BUDGET_USD ? [`chat turns spent $${chatSpend}, past the $${BUDGET_USD} budget`] : []),
    ];
    return [
      {
        id: 'budget-flood',
        title: 'Budget: concurrent spending against a budget that fits three',
        method: `One guest, a $${BUDGET_USD} monthly budget; ${RUN_NOWS} run-nows of one agent sent at once, then (another guest) ${TURNS} chat turns at once. The model stand-in reports 1,000 input and 7,000 output tokens per call ($0.072 on Sonnet). Spend is the settled cost from GET /api/usage after every queue is idle.`,
        rows: [
          {
            label: 'run-nows: spend ÷ budget',
            value: round(runSpend),
            unit: 'USD',
            ratio: ratio(runSpend, BUDGET_USD),
            baseline: 'the budget',
          },
          { label: 'run-nows that ran', value: ran, unit: 'runs' },
          { label: 'run-nows refused (429 or failed naming the budget)', value: refusedRuns, unit: 'runs' },
          {
            label: 'chat turns: spend ÷ budget',
            value: round(chatSpend),
            unit: 'USD',
            ratio: ratio(chatSpend, BUDGET_USD),
            baseline: 'the budget',
          },
          { label: 'chat turns answered', value: answered, unit: 'turns' },
          { label: 'chat turns refused (429)', value: TURNS - answered, unit: 'turns' },
        ],
        notes: [
          'Each model call holds its worst case first (here about $0.08: 8,000 output tokens at most), so the last run that would fit by its real cost may be refused: the budget is never passed, and a little of it may stay unspent.',
        ],
        problems,
      },
    ];
  } finally {
    await stack.stop();
    await stub.stop();
  }
}

/** Milliseconds from a run-now to its run's success, polling the run. */
async function runNowToSuccess(stack: TestStack, token: string, agentId: string): Promise<number> {
  const started = performance.now();
  const res = await stack.api(token, 'POST', `/api/agents/${agentId}/run`);
  if (res.status !== 202) throw new Error(`run-now answered ${res.status}`);
  for (;;) {
    const run = (await stack.api(token, 'GET', `/api/executions/${res.body.executionId}`)).body;
    if (run.status === 'success' || run.status === 'failed') return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function fairness(): Promise<BenchSection[]> {
  const stub = await startMessagesStub();
  stub.respond(async () => {
    await new Promise((r) => setTimeout(r, CALL_MS));
    return textReply('Done.', { input_tokens: 100, output_tokens: 50 });
  });
  const stack = await startStack({
    anthropicBaseUrl: stub.url,
    env: { GUEST_MONTHLY_BUDGET_USD: '100', RUN_NOW_PER_MINUTE: '1000' },
  });
  try {
    const quiet = await stack.guest();
    const quietAgent = await stack.api(quiet.idToken, 'POST', '/api/agents', { name: 'Mine', finalAgentPrompt: 'Go.' });
    progress('budget', 'another user’s run-now on a quiet stack');
    const alone = await runNowToSuccess(stack, quiet.idToken, quietAgent.body.id);

    const flooder = await stack.guest();
    const agents = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        stack.api(flooder.idToken, 'POST', '/api/agents', { name: `Flood ${i}`, finalAgentPrompt: 'Go.' }),
      ),
    );
    progress('budget', `the same run-now while one user floods ${FLOOD} runs`);
    await Promise.all(
      Array.from({ length: FLOOD }, (_, i) =>
        stack.api(flooder.idToken, 'POST', `/api/agents/${agents[i % agents.length]?.body.id}/run`),
      ),
    );
    const during = await runNowToSuccess(stack, quiet.idToken, quietAgent.body.id);
    await stack.tasks.idle();
    const delay = during - alone;
    return [
      {
        id: 'budget-fair-turns',
        title: 'Fair turns: another user’s run while one user floods the queue',
        method: `Model calls take ${CALL_MS} ms. A user's run-now, timed from the request to its run's success, alone and then right after another user queued ${FLOOD} runs (USER_MAX_CONCURRENT_RUNS at its default of 2: the flooder's extra runs wait their turn off the queue).`,
        rows: [
          { label: 'run-now to success, quiet stack', value: Math.round(alone), unit: 'ms' },
          {
            label: 'run-now to success, during the flood',
            value: Math.round(during),
            unit: 'ms',
            ratio: ratio(during, alone),
            baseline: 'the same run-now on a quiet stack',
          },
          { label: 'delay the flood added', value: Math.round(delay), unit: 'ms' },
        ],
      },
    ];
  } finally {
    await stack.stop();
    await stub.stop();
  }
}

export const run: BenchSuite = async () => [...(await flood()), ...(await fairness())];
