/** Duplicating an agent: a draft copy named in the caller's language (or the agent's), never running by itself. */
import type { AppError } from '@agent-platform/core/errors';
import { copyName, duplicateAgent } from '../../src/agents/duplicate';
import { createAgent } from '../../src/agents/service';
import { listVersions } from '../../src/agents/versions';
import { type AgentHarness, agentHarness } from '../agents/harness';

const daily = { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' };

let h: AgentHarness;
beforeEach(() => {
  h = agentHarness('2026-11-22T00:00:00.000Z');
});
afterEach(() => h.store.close());

test('the copy is a draft with the same prompt, tools, model and schedule, and nothing queued', async () => {
  const original = await createAgent(h.deps, 'alice', {
    name: 'News',
    finalAgentPrompt: 'Find the news.',
    tools: ['web_search'],
    schedule: daily,
    status: 'active',
  });
  const queued = h.queue.tasks.length;
  const copy = await duplicateAgent(h.deps, 'alice', original.id, 'en');
  expect(copy).toMatchObject({
    name: 'News (copy)',
    finalAgentPrompt: 'Find the news.',
    tools: ['web_search'],
    model: original.model,
    schedule: daily,
    status: 'draft',
    nextRunAt: null,
    runCount: 0,
    conversationId: null,
  });
  expect(copy.id).not.toBe(original.id);
  expect(h.queue.tasks.length).toBe(queued);
  expect((await listVersions(h.deps, 'alice', copy.id, 10)).map((v) => v.version)).toEqual([1]);
});

test('the copy keeps the monthly budget of the original', async () => {
  const original = await createAgent(h.deps, 'alice', { name: 'Capped', finalAgentPrompt: 'x', monthlyBudgetUsd: 5 });
  expect((await duplicateAgent(h.deps, 'alice', original.id, 'en')).monthlyBudgetUsd).toBe(5);
});

test.each([
  ['Korean asked for', 'News', 'ko', 'News (사본)'],
  ['English asked for', '뉴스 요약', 'en', '뉴스 요약 (copy)'],
  ['no language asked, a Korean agent', '뉴스 요약', null, '뉴스 요약 (사본)'],
  ['no language asked, an English agent', 'News', null, 'News (copy)'],
] as const)('%s: %s becomes %s', async (_name, name, locale, expected) => {
  const original = await createAgent(h.deps, 'alice', { name, finalAgentPrompt: 'x' });
  expect((await duplicateAgent(h.deps, 'alice', original.id, locale)).name).toBe(expected);
});

test('a name at the 100-character limit is cut so the suffix fits', () => {
  const name = '가'.repeat(100);
  const copy = copyName(name, 'ko');
  expect([...copy]).toHaveLength(100);
  expect(copy.endsWith(' (사본)')).toBe(true);
});

test("another user's agent cannot be duplicated (404) and nothing is created", async () => {
  const original = await createAgent(h.deps, 'alice', { name: 'Mine', finalAgentPrompt: 'x' });
  const err = await duplicateAgent(h.deps, 'bob', original.id, 'en').catch((e: AppError) => e);
  expect((err as AppError).code).toBe('not_found');
  expect(h.store.count('agents')).toBe(1);
});
