/**
 * What can grow a document without bound is bounded before it is written, so a
 * run or a chat turn never fails on Firestore's 1 MiB per document
 * (https://cloud.google.com/firestore/quotas), which the local store enforces:
 * a run's result is cut with a visible note, its log keeps its first lines and
 * its latest ones with a line saying how many were dropped, and a designer reply
 * is cut with a note. Through the real paths: API → Tasks stand-in → runAgent →
 * a Messages-API stand-in → the store.
 */
import { documentSize, MAX_DOCUMENT_BYTES } from '@agent-platform/core/ports';
import type { StubReply } from '../support/messages-stub';
import { textReply } from '../support/messages-stub';
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

interface Event {
  type: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}
interface Run {
  status: string;
  result: string | null;
  events: Event[];
}

// A run of over a thousand searches sends more than the default input ceiling, and a guest's budget, allow.
useRunStack({
  deleteAgentsAfterEach: true,
  env: { RUN_MAX_INPUT_TOKENS: '1000000', GUEST_MONTHLY_BUDGET_USD: '50' },
});

async function runOnce(tools: string[] = []): Promise<{ id: string; run: Run }> {
  const created = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Long',
    finalAgentPrompt: 'Write a lot.',
    tools,
  });
  expect(created.status).toBe(201);
  const started = await stack.api(user.idToken, 'POST', `/api/agents/${created.body.id}/run`);
  expect(started.status).toBe(202);
  const id = started.body.executionId as string;
  await stack.tasks.idle();
  return { id, run: (await stack.api(user.idToken, 'GET', `/api/executions/${id}`)).body as Run };
}

/** The stored execution's size as Firestore counts it. */
async function storedSize(id: string): Promise<number> {
  const doc = await stack.store.get(`executions/${id}`);
  expect(doc).not.toBeNull();
  return documentSize(`executions/${id}`, doc?.data ?? {});
}

test('a result too long for a run document is cut with a visible note, and the run succeeds', async () => {
  const long = '가'.repeat(400_000); // 1.2 MB of UTF-8
  stub.script({ ...textReply(long), chunkSize: 4_000 });
  const { id, run } = await runOnce();
  expect(run.status).toBe('success');
  expect(run.result?.startsWith('가'.repeat(1000))).toBe(true);
  expect(run.result).toMatch(/The result was cut here/);
  expect(Buffer.byteLength(run.result ?? '')).toBeLessThan(Buffer.byteLength(long));
  expect(run.events.find((e) => e.code === 'result_cut')).toMatchObject({ type: 'warning' });
  expect(await storedSize(id)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
});

test('a run with more log lines than a run document holds keeps the first and the latest, saying how many it dropped', async () => {
  const searches = 1_200;
  const query = '검색어'.repeat(70); // 210 characters: clipped to 200, as every query is
  const paused: StubReply = {
    content: Array.from({ length: searches }, (_v, i) => ({
      type: 'server_tool_use',
      id: `srvtoolu_${i}`,
      name: 'web_search',
      input: { query },
    })),
    stop_reason: 'pause_turn',
  };
  stub.script(paused, textReply('Done.'));
  const { id, run } = await runOnce(['web_search']);
  expect(run.status).toBe('success');
  // queued, started, asking_model, the searches, model_continuing, finished
  const written = 3 + searches + 2;
  const note = run.events.find((e) => e.code === 'events_dropped');
  expect(note).toMatchObject({ type: 'warning' });
  expect(run.events.length - 1 + Number(note?.params?.count)).toBe(written);
  expect(run.events.slice(0, 3).map((e) => e.code)).toEqual(['queued', 'started', 'asking_model']);
  expect(run.events.at(-1)?.code).toBe('finished');
  expect(await storedSize(id)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
});

test('a designer reply too long for a message document is cut with a note, and the turn completes', async () => {
  const long = '답'.repeat(300_000); // 900 KB of UTF-8, kept twice (content and parts) before the bound
  stub.script({ ...textReply(long), chunkSize: 4_000 });
  const res = await stack.api(user.idToken, 'POST', '/api/chat', { message: '아주 긴 답을 주세요' });
  expect(res.status).toBe(200);
  const content = res.body.message.content as string;
  expect(content.startsWith('답'.repeat(1000))).toBe(true);
  expect(content.length).toBeLessThan(long.length);
  const id = res.body.message.id as string;
  const stored = await stack.store.get(`conversations/${res.body.conversationId}/messages/${id}`);
  expect(stored?.data).toMatchObject({ state: 'complete', content });
  expect(
    documentSize(`conversations/${res.body.conversationId}/messages/${id}`, stored?.data ?? {}),
  ).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
});
