/**
 * A guest's default budget ($0.50) is less than a whole workspace session's
 * worst case, which the claim would otherwise hold: the session runs with what
 * is left under a smaller spending limit, says so in its log, and the month's
 * spend stays within the budget. With too little left for a session, run-now
 * is refused as any run is.
 */
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const stacks: TestStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

async function workspaceAgent(stack: TestStack, idToken: string): Promise<string> {
  const res = await stack.api(idToken, 'POST', '/api/agents', {
    name: 'Sales chart',
    finalAgentPrompt: 'Draw a chart of monthly sales and save it as a file.',
    engine: 'workspace',
  });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

test('a guest with the default budget runs a workspace agent within it, under a smaller session limit', async () => {
  const stack = await startStack();
  stacks.push(stack);
  const guest = await stack.guest();
  const id = await workspaceAgent(stack, guest.idToken);

  const started = await stack.api(guest.idToken, 'POST', `/api/agents/${id}/run`);
  expect(started.status).toBe(202);
  await stack.tasks.idle();

  const run = (await stack.api(guest.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
  expect(run.status).toBe('success');
  expect(run.artifacts.map((a: { name: string }) => a.name)).toEqual(['chart.svg']);
  const fitted = run.events.find((e: { code: string }) => e.code === 'workspace_budget_fitted');
  expect(fitted).toBeDefined();
  expect(Number(fitted.params.held)).toBeLessThanOrEqual(0.5);
  expect(Number(fitted.params.usual)).toBeGreaterThan(0.5);
  expect(fitted.message).toContain(`$${fitted.params.held}`);

  const usage = (await stack.api(guest.idToken, 'GET', '/api/usage')).body;
  expect(usage.costUsd).toBeGreaterThan(0);
  expect(usage.costUsd).toBeLessThanOrEqual(0.5);
  expect(usage.budget.reservedUsd).toBe(0);
});

test('with too little left for a session, run-now answers 429 naming the guest budget, and nothing is queued', async () => {
  // One turn of the default model can cost about $0.20; $0.22 leaves less than a session needs.
  const stack = await startStack({ env: { GUEST_MONTHLY_BUDGET_USD: '0.22' } });
  stacks.push(stack);
  const guest = await stack.guest();
  const id = await workspaceAgent(stack, guest.idToken);

  const refused = await fetch(`${stack.url}/api/agents/${id}/run`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${guest.idToken}`, 'Accept-Language': 'ko' },
  });
  expect(refused.status).toBe(429);
  const { error } = (await refused.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe('resource_exhausted');
  expect(error.message).toMatch(/예산/);
  const runs = (await stack.api(guest.idToken, 'GET', `/api/agents/${id}/executions`)).body;
  expect(runs.executions ?? runs.items ?? runs).toHaveLength(0);
});
