/** The conversations list and starting the designer from a template, on the real local store. */
import type { AppError } from '@agent-platform/core/errors';
import { listConversations, startFromTemplate } from '../../src/chat/library';
import { getConversation } from '../../src/chat/service';
import { type AgentHarness, agentHarness } from '../agents/harness';

let h: AgentHarness;
beforeEach(() => {
  h = agentHarness('2026-11-22T00:00:00.000Z');
});
afterEach(() => h.store.close());

test('a template starts a conversation whose draft is the template, in the zone and language asked for', async () => {
  const { conversationId } = await startFromTemplate(
    h.deps,
    'alice',
    { templateId: 'weekly-stock-summary', timezone: 'Asia/Seoul' },
    'ko',
  );
  const c = await getConversation(h.deps, 'alice', conversationId);
  expect(c.title).toBe('주간 증시 요약');
  expect(c.draft).toMatchObject({
    name: '주간 증시 요약',
    tools: ['web_search'],
    schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' },
  });
  expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  const draftPart = c.messages[1]?.parts.find((p) => p.type === 'agent_draft');
  expect(draftPart?.data).toMatchObject({ schedule: { timezone: 'Asia/Seoul' } });
  expect(c.messages[1]?.content).toContain('주간 증시 요약');
});

test.each([
  ['an unknown template', { templateId: 'nope' }, 'templateId'],
  ['no template', {}, 'templateId'],
  ['an unknown field', { templateId: 'daily-news-brief', extra: 1 }, 'extra'],
  ['a bad zone', { templateId: 'daily-news-brief', timezone: 'Mars/Olympus' }, 'timezone'],
  ['a bad locale', { templateId: 'daily-news-brief', locale: 'fr' }, 'locale'],
])('%s is a 400 naming the field, and nothing is stored', async (_name, body, field) => {
  const err = (await startFromTemplate(h.deps, 'alice', body, 'en').catch((e) => e)) as AppError;
  expect(err.code).toBe('invalid_argument');
  expect(err.options.details?.map((d) => d.field)).toContain(field);
  expect(h.store.count('conversations')).toBe(0);
});

test("the list holds the caller's conversations only, most recently active first, with hasDraft", async () => {
  const a = await startFromTemplate(h.deps, 'alice', { templateId: 'daily-news-brief' }, 'en');
  h.setNow('2026-11-22T01:00:00.000Z');
  const b = await startFromTemplate(h.deps, 'alice', { templateId: 'trip-planner' }, 'en');
  await startFromTemplate(h.deps, 'bob', { templateId: 'trip-planner' }, 'en');
  const list = await listConversations(h.deps, 'alice', 20);
  expect(list.map((c) => [c.id, c.title, c.hasDraft, c.agentId])).toEqual([
    [b.conversationId, 'Weekend trip planner', true, null],
    [a.conversationId, 'Morning news brief', true, null],
  ]);
  expect((await listConversations(h.deps, 'alice', 1)).map((c) => c.id)).toEqual([b.conversationId]);
});
