/**
 * A workspace run past its time limit, through the local stack: the runner
 * stops it (a stand-in command that never ends takes Claude Code's place), the
 * run fails once with a clear error in the person's language, and the schedule goes on.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(60_000);

let stack: TestStack;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slow-cli-'));
  const command = join(dir, 'slow.sh');
  writeFileSync(command, `#!/bin/sh\necho '{"type":"system","subtype":"init","model":"slow"}'\nsleep 600\n`);
  chmodSync(command, 0o755);
  stack = await startStack({ env: { WORKSPACE_TIMEOUT_SECONDS: '2' }, workspaceCommand: command });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a scheduled workspace run past its time limit fails cleanly and the next run is queued', async () => {
  const user = await stack.guest();
  const created = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Long job',
    finalAgentPrompt: 'Crunch every number there is.',
    engine: 'workspace',
    schedule: { frequency: 'hourly', time: '00:20', timezone: 'UTC' },
    status: 'active',
  });
  expect(created.status).toBe(201);
  const at = created.body.nextRunAt as string;
  stack.clock.set(new Date(Date.parse(at) + 1000));
  await stack.tasks.idle();

  const runs = (await stack.api(user.idToken, 'GET', `/api/agents/${created.body.id}/executions`)).body.executions;
  const next = new Date(Date.parse(at) + 3600_000).toISOString();
  expect(runs.map((r: { scheduledFor: string; status: string }) => [r.scheduledFor, r.status])).toEqual([
    [next, 'queued'],
    [at, 'failed'],
  ]);
  const failed = runs[1];
  expect(failed.attempt).toBe(1); // not retried: a longer wait would not help
  expect(failed.error).toBe(
    'The workspace run took longer than its 2-second limit and was stopped. Ask for less work in the prompt, or split it into several agents.',
  );
  expect(failed.artifacts).toEqual([]);
  const last = failed.events[failed.events.length - 1];
  expect(last).toMatchObject({ code: 'error', params: { reasonCode: 'workspace_timeout' } });
  const agent = (await stack.api(user.idToken, 'GET', `/api/agents/${created.body.id}`)).body;
  expect(agent).toMatchObject({ status: 'active', nextRunAt: next, lastRun: { status: 'failed' } });
});
