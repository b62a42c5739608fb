/**
 * What the `unqueuedRunAt` backfill changes for a user, on the whole local stack:
 * an agent saved before the mark existed, whose run's queueing then failed, is
 * invisible to tick; once the backfill has run (`npm run backfill:unqueued` does
 * the same against Firestore), the next tick queues it and it runs.
 */
import { backfillUnqueued, scheduledExecutionId } from '@agent-platform/functions/testing';
import { textReply } from '../support/messages-stub';
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

useRunStack({ deleteAgentsAfterEach: true });

async function tick(): Promise<{ enqueued: number; due: number }> {
  const res = await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { enqueued: number; due: number };
}

test('a legacy agent whose queueing failed runs once the backfill has marked it', async () => {
  // Saved as a draft (nothing queued), then made what an older version left behind:
  // active with a next run, no `unqueuedRunAt` field, and no execution or task for that run.
  const created = await stack.api(user.idToken, 'POST', '/api/agents', { name: 'Old', finalAgentPrompt: 'Report.' });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  const at = new Date(Math.ceil((stack.clock.now().getTime() + 2 * 60_000) / 60_000) * 60_000).toISOString();
  const path = `agents/${id}`;
  const saved = (await stack.store.get(path))?.data as Record<string, unknown>;
  const { unqueuedRunAt: _mark, ...legacy } = saved;
  await stack.store.set(path, {
    ...legacy,
    status: 'active',
    schedule: { frequency: 'hourly', time: `00:${at.slice(14, 16)}`, timezone: 'UTC' },
    nextRunAt: at,
  });
  stack.clock.set(new Date(Date.parse(at) - 60_000));

  expect(await tick()).toMatchObject({ due: 0, enqueued: 0 });
  expect(await stack.store.get(`executions/${scheduledExecutionId(id, at)}`)).toBeNull();

  expect(await backfillUnqueued({ store: stack.store })).toMatchObject({ marked: 1, alreadyQueued: 0 });

  expect(await tick()).toMatchObject({ due: 1, enqueued: 1 });
  stub.script(textReply('Ran after the backfill'));
  stack.clock.set(new Date(Date.parse(at) + 1000));
  await stack.tasks.idle();
  const run = await stack.api(user.idToken, 'GET', `/api/executions/${scheduledExecutionId(id, at)}`);
  expect(run.body).toMatchObject({ status: 'success', trigger: 'schedule', scheduledFor: at });
  // The finished run moved the agent on, with the mark every save writes now.
  const after = (await stack.store.get(path))?.data as { nextRunAt: string; unqueuedRunAt: string | null };
  expect(Date.parse(after.nextRunAt)).toBeGreaterThan(Date.parse(at));
  expect(await backfillUnqueued({ store: stack.store })).toMatchObject({ marked: 0, alreadyQueued: 0, cleared: 0 });
});
