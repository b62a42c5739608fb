/** The chat's pure parts: cost estimates, history trimming, the throttled writer, proposal checks, the reply's bounds. */
import type { DraftPartData } from '@agent-platform/core/chat';
import * as z from '@agent-platform/core/zod';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { estimateCost, formatUsd, runsPerMonth } from '../../src/chat/cost-estimate';
import { buildHistory } from '../../src/chat/history';
import { ThrottledWriter } from '../../src/chat/message-writer';
import { checkProposal, proposeAgentTool } from '../../src/chat/propose-tool';
import { REPLY_MAX_DRAFTS, REPLY_TEXT_MAX_BYTES, ReplyBuilder } from '../../src/chat/reply';
import { loadConfig } from '../../src/shared/config';
import { Collection } from '../../src/store/collection';

const config = loadConfig({ PLATFORM_ENV: 'test' });
const now = new Date('2026-11-22T00:00:00.000Z');
const draft = {
  finalAgentPrompt: 'Summarise the news.',
  tools: ['web_search' as const],
  model: 'claude-sonnet-5-5',
  schedule: { frequency: 'weekly' as const, time: '08:00', daysOfWeek: [1, 3, 5], timezone: 'Asia/Seoul' },
};

describe('cost estimate', () => {
  test.each([
    // An average month is 365.25 / 12 = 30.4375 days.
    ['hourly', { frequency: 'hourly', time: '00:15', timezone: 'UTC' }, 730.5],
    ['daily', { frequency: 'daily', time: '08:00', timezone: 'UTC' }, 30.4375],
    ['three days a week', { frequency: 'weekly', time: '08:00', daysOfWeek: [1, 3, 5], timezone: 'UTC' }, 13.045],
    ['monthly', { frequency: 'monthly', time: '08:00', dayOfMonth: 31, timezone: 'UTC' }, 1],
    ['every 15 minutes', { frequency: 'cron', cron: '*/15 * * * *', timezone: 'UTC' }, 2922],
    ['weekdays at 9 by cron', { frequency: 'cron', cron: '0 9 * * 1-5', timezone: 'UTC' }, 21.741],
  ])('counts %s runs per month, within 0.5%', (_name, schedule, runs) => {
    const counted = runsPerMonth(schedule as never, now);
    expect(Math.abs(counted - runs) / runs).toBeLessThan(0.005);
  });

  test('prices a run from the configured prices and costs more with more tools', () => {
    const search = estimateCost(config, draft, now);
    const all = estimateCost(config, { ...draft, tools: ['web_search', 'web_fetch', 'code_execution'] }, now);
    expect(search.perRunUsd).toBeGreaterThan(0.01);
    expect(all.perRunUsd).toBeGreaterThan(search.perRunUsd);
    expect(search.perMonthUsd).toBeCloseTo(search.perRunUsd * 13, 2);
    // Tokens follow the model's price; web searches cost the same on every model.
    const sonnet = estimateCost(config, { ...draft, tools: [] }, now);
    const haiku = estimateCost(config, { ...draft, tools: [], model: 'claude-haiku-5-5' }, now);
    expect(haiku.perRunUsd).toBeLessThan(sonnet.perRunUsd / 10);
  });

  test('uses the real usage of a test run once there is one, and no monthly figure without a schedule', () => {
    const real = estimateCost(config, { ...draft, schedule: null }, now, {
      usage: { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 },
      costUsd: 0.003,
    });
    expect(real).toMatchObject({ basis: 'test_run', perRunUsd: 0.003, perMonthUsd: null, runsPerMonth: null });
    expect(formatUsd(0.003)).toBe('<$0.01');
    expect(formatUsd(1.2)).toBe('$1.20');
  });
});

describe('history', () => {
  test('keeps everything under the ceiling and merges neighbours of the same role', () => {
    const h = buildHistory(
      [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'd' },
      ],
      1000,
    );
    expect(h.messages).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c' },
      { role: 'user', content: 'd' },
    ]);
    expect(h.dropped).toBe(0);
  });

  test('drops the oldest turns first and always keeps the newest message whole', () => {
    const long = 'x'.repeat(2000);
    const h = buildHistory(
      [
        { role: 'user', content: `goal ${long}` },
        { role: 'assistant', content: long },
        { role: 'user', content: long },
        { role: 'assistant', content: 'short' },
        { role: 'user', content: `newest ${'y'.repeat(8000)}` },
      ],
      1000,
    );
    expect(h.messages.at(-1)!.content).toContain('y'.repeat(8000));
    expect(h.messages[0]!.role).toBe('user');
    expect(h.dropped).toBe(4);
  });
});

describe('throttled writer', () => {
  afterEach(() => jest.useRealTimers());

  test('writes the first state at once, then at most once per interval, newest state last', async () => {
    jest.useFakeTimers({ now: 0 });
    const store = new SqliteStore(':memory:');
    const docs = new Collection('docs', z.object({ text: z.string() }));
    await docs.create(store, 'd', { text: '' });
    const written: string[] = [];
    store.onChange((changes) => written.push(String(changes[0]?.data?.text)));
    const writer = new ThrottledWriter(store, docs, 'd', 50);
    // 20 states, one every 5 ms: 100 ms of a reply growing.
    for (let i = 1; i <= 20; i++) {
      writer.push({ text: 'a'.repeat(i) });
      await jest.advanceTimersByTimeAsync(5);
    }
    await jest.advanceTimersByTimeAsync(80);
    await writer.close();
    // The first state at once (t = 0), then the newest state at the end of each 50 ms interval.
    expect(written.map((t) => t.length)).toEqual([1, 10, 20]);
    expect(writer.writes).toBe(3);
    expect((await docs.get(store, 'd'))!.data.text).toBe('a'.repeat(20));
  });
});

describe('propose_agent', () => {
  test('is described by the shared schema without the status field', () => {
    const tool = proposeAgentTool();
    const schema = tool.input_schema as { properties: Record<string, unknown>; required: string[] };
    expect(schema.properties).not.toHaveProperty('status');
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'finalAgentPrompt', 'schedule']));
  });

  test("gives a schedule without a zone the person's own zone, and names every bad field otherwise", () => {
    const ok = checkProposal(
      { name: 'n', finalAgentPrompt: 'p', schedule: { frequency: 'daily', time: '08:00' } },
      'Asia/Tokyo',
      'en',
    );
    expect(ok).toMatchObject({ ok: true, draft: { schedule: { timezone: 'Asia/Tokyo' }, status: 'draft' } });
    const bad = checkProposal(
      { name: '', finalAgentPrompt: 'p', colour: 'red', schedule: { frequency: 'cron', time: '08:00' } },
      null,
      'en',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.fields).toEqual(expect.arrayContaining(['name', 'colour', 'schedule.time', 'schedule.cron']));
  });
});

describe("a designer reply's text and drafts", () => {
  test('stop at the limit with the note, and later text is ignored', () => {
    const reply = new ReplyBuilder(null, '(cut)');
    reply.addText('가'.repeat(REPLY_TEXT_MAX_BYTES / 3));
    reply.addText('more');
    const content = reply.content();
    expect(content.endsWith('\n\n(cut)')).toBe(true);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(REPLY_TEXT_MAX_BYTES);
    expect(content).not.toContain('more');
  });

  test(`keep the latest ${REPLY_MAX_DRAFTS} drafts`, () => {
    const reply = new ReplyBuilder(null);
    for (let i = 1; i <= REPLY_MAX_DRAFTS + 2; i++) {
      reply.addDraft({ summary: `draft ${i}` } as DraftPartData);
    }
    const drafts = reply.parts(false).flatMap((p) => (p.type === 'agent_draft' ? [p.data.summary] : []));
    expect(drafts).toEqual(['draft 3', 'draft 4', 'draft 5', 'draft 6']);
  });
});
