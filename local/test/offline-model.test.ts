/**
 * The offline model as a pure function: it understands schedules in Korean and
 * English, walks a conversation to a draft the shared schema accepts, writes a
 * plausible run result, and always says it is the stand-in.
 */

import { validateAgentSpec } from '@agent-platform/core/agent';
import { offlineMessages } from '../src/offline-model';
import { nameFor } from '../src/offline-model/naming';
import type { OfflineRequest, RequestMessage } from '../src/offline-model/request';
import { timeIn, understand, weekdaysIn, zoneIn } from '../src/offline-model/understand';

const DESIGNER_TOOLS = [{ name: 'propose_agent', input_schema: { type: 'object' } }];

function designerRequest(messages: RequestMessage[], context: Record<string, unknown> = {}): OfflineRequest {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 1000,
    system: [
      { type: 'text', text: 'You are the agent designer.' },
      { type: 'text', text: `<designer_context>\n${JSON.stringify(context)}\n</designer_context>` },
    ],
    tools: DESIGNER_TOOLS,
    messages,
  };
}

const textOf = (m: ReturnType<typeof offlineMessages>) =>
  m.content
    .filter((b) => b.type === 'text')
    .map((b) => String(b.text))
    .join('\n');
const proposal = (m: ReturnType<typeof offlineMessages>) => m.content.find((b) => b.type === 'tool_use');

/** Plays a conversation: each user line in turn, the assistant's answers kept, tool calls accepted. */
function converse(lines: string[], context: Record<string, unknown> = {}) {
  const messages: RequestMessage[] = [];
  const replies: ReturnType<typeof offlineMessages>[] = [];
  for (const line of lines) {
    messages.push({ role: 'user', content: line });
    const reply = offlineMessages(designerRequest(messages, context));
    replies.push(reply);
    messages.push({ role: 'assistant', content: reply.content as RequestMessage['content'] });
  }
  return { messages, replies };
}

describe('understanding schedules', () => {
  test.each([
    ['오전 8시', '08:00'],
    ['저녁 7시 반', '19:30'],
    ['오후 3시 15분', '15:15'],
    ['밤 11시', '23:00'],
    ['새벽 6시', '06:00'],
    ['8am', '08:00'],
    ['7:30 pm', '19:30'],
    ['12am', '00:00'],
    ['at 08:00', '08:00'],
    ['noon', '12:00'],
    ['정오', '12:00'],
  ])('reads the time in "%s" as %s', (text, time) => {
    expect(timeIn(text)).toBe(time);
  });

  test.each([
    ['월요일', [1]],
    ['화요일과 목요일', [2, 4]],
    ['월, 수, 금요일', [1, 3, 5]],
    ['every Monday', [1]],
    ['Tuesdays and Fridays', [2, 5]],
    ['일요일 밤', [7]],
  ])('reads the weekdays in "%s"', (text, days) => {
    expect(weekdaysIn(text)).toEqual(days);
  });

  test.each([
    ['서울 시간으로', 'Asia/Seoul'],
    ['in Seoul', 'Asia/Seoul'],
    ['뉴욕 기준', 'America/New_York'],
    ['New York time', 'America/New_York'],
    ['런던', 'Europe/London'],
    ['도쿄', 'Asia/Tokyo'],
    ['Sydney', 'Australia/Sydney'],
    ['UTC', 'UTC'],
    ['Europe/Berlin please', 'Europe/Berlin'],
  ])('maps "%s" to %s', (text, zone) => {
    expect(zoneIn(text)).toBe(zone);
  });

  test.each([
    ['매일 오전 8시', { frequency: 'daily', time: '08:00' }],
    ['매주 월요일 9시', { frequency: 'weekly', daysOfWeek: [1], time: '09:00' }],
    ['매월 15일 오전 10시', { frequency: 'monthly', dayOfMonth: 15, time: '10:00' }],
    ['매시간', { frequency: 'hourly' }],
    ['every weekday at 7am', { frequency: 'weekly', daysOfWeek: [1, 2, 3, 4, 5], time: '07:00' }],
    ['monthly on the 1st at 9am', { frequency: 'monthly', dayOfMonth: 1, time: '09:00' }],
    ['every 15 minutes', { frequency: 'cron', cron: '*/15 * * * *' }],
  ])('reads the frequency of "%s"', (text, expected) => {
    expect(understand(text)).toMatchObject(expected);
  });

  test('tells a task from words that only say when', () => {
    expect(understand('Monday 8am, Seoul time').goal).toBeUndefined();
    expect(understand('네 좋아요').goal).toBeUndefined();
    expect(understand('Make it run at 9am instead').goal).toBeUndefined();
    expect(understand('every Monday 8am, a weekly stock summary').goal).toContain('stock summary');
    expect(understand('매주 월요일 오전 8시에 주식 시장 요약을 보내줘').goal).toContain('주식 시장 요약');
  });
});

describe('the offline designer', () => {
  test('walks a Korean conversation to a valid draft in the Seoul time zone', () => {
    const { replies } = converse(['주식 시장 요약을 보내줘', '매주 월요일 오전 8시, 서울 시간으로'], {
      userTimezone: 'Europe/London',
    });
    expect(replies[0]!.stop_reason).toBe('end_turn');
    expect(textOf(replies[0]!)).toMatch(/언제/);
    const call = proposal(replies[1]!);
    expect(replies[1]!.stop_reason).toBe('tool_use');
    const checked = validateAgentSpec(call?.input);
    expect(checked.success).toBe(true);
    expect(call?.input).toMatchObject({
      schedule: { frequency: 'weekly', daysOfWeek: [1], time: '08:00', timezone: 'Asia/Seoul' },
    });
    expect(String((call!.input as { finalAgentPrompt: string }).finalAgentPrompt)).toMatch(/주식 시장 요약/);
  });

  test('walks an English conversation to a valid draft, defaulting to the client time zone', () => {
    const { replies } = converse(['I want a summary of AI research news', 'every day at 7:30pm'], {
      userTimezone: 'America/New_York',
    });
    expect(textOf(replies[0]!)).toMatch(/When should it run/);
    const input = proposal(replies[1]!)?.input as Record<string, unknown>;
    expect(validateAgentSpec(input).success).toBe(true);
    expect(input).toMatchObject({
      name: 'Daily summary of AI research news',
      schedule: { frequency: 'daily', time: '19:30', timezone: 'America/New_York' },
    });
  });

  test('asks for the weekday when a weekly schedule has none', () => {
    const { replies } = converse(['weekly digest of Rust releases at 9am']);
    expect(replies[0]!.stop_reason).toBe('end_turn');
    expect(textOf(replies[0]!)).toMatch(/Which day/);
  });

  test('proposes an on-demand agent when the person only wants to run it by hand', () => {
    const { replies } = converse(['Summarise the Hacker News front page, only when I run it']);
    const input = proposal(replies[0]!)?.input as Record<string, unknown>;
    expect(input.schedule).toBeNull();
    expect(validateAgentSpec(input).success).toBe(true);
  });

  test('changes only the time when asked after a draft', () => {
    const first = converse(['daily news about electric cars at 8am'], { userTimezone: 'UTC' });
    const draft = proposal(first.replies[0]!)?.input as Record<string, unknown>;
    const messages: RequestMessage[] = [...first.messages, { role: 'user', content: 'Make it run at 9am instead' }];
    const reply = offlineMessages(designerRequest(messages, { userTimezone: 'UTC', currentDraft: draft }));
    const changed = proposal(reply)?.input as Record<string, unknown>;
    expect(changed).toMatchObject({ name: draft.name, schedule: { frequency: 'daily', time: '09:00' } });
  });

  test('repeats the summary the platform returns for an accepted draft', () => {
    const { messages, replies } = converse(['매일 오전 7시 서울 날씨와 옷차림 추천']);
    const call = proposal(replies[0]!)!;
    messages.push({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: String(call.id),
          content: [
            { type: 'text', text: '일정: 매일 오전 7:00 (서울), 시간대 Asia/Seoul.' },
            { type: 'text', text: 'Note for the model only.' },
          ],
        },
      ],
    });
    const reply = offlineMessages(designerRequest(messages));
    expect(reply.stop_reason).toBe('end_turn');
    expect(textOf(reply)).toContain('일정: 매일 오전 7:00 (서울), 시간대 Asia/Seoul.');
    expect(textOf(reply)).not.toContain('Note for the model only');
  });

  test('fixes the fields a rejected draft was refused for, then proposes again', () => {
    const messages: RequestMessage[] = [
      { role: 'user', content: 'daily AI news at 8am' },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'propose_agent',
            input: {
              name: 'Daily AI news',
              description: '',
              finalAgentPrompt: 'Summarise AI news.',
              tools: ['web_search'],
              schedule: { frequency: 'daily', time: '8am', timezone: 'UTC' },
            },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            is_error: true,
            content: '- schedule.time: Give the time as HH:MM.',
          },
        ],
      },
    ];
    const reply = offlineMessages(designerRequest(messages));
    const fixed = proposal(reply)?.input;
    expect(validateAgentSpec(fixed).success).toBe(true);
  });

  test('says it is the offline stand-in in every reply, in the language of the person', () => {
    const ko = converse(['안녕하세요', '매일 오전 9시 환율 요약']);
    const en = converse(['hi', 'exchange rate summary every day at 9am']);
    for (const r of ko.replies) expect(textOf(r)).toContain('오프라인 대체 모델');
    for (const r of en.replies) expect(textOf(r)).toContain('Offline stand-in');
  });

  test('gives the same answer to the same request', () => {
    const request = designerRequest([{ role: 'user', content: 'weekly crypto report every Friday 6pm' }]);
    expect(offlineMessages(request)).toEqual(offlineMessages(request));
  });
});

describe('the offline run', () => {
  test('writes a markdown result in the language of the agent prompt, saying it is a sample', () => {
    const ko = offlineMessages({
      model: 'claude-sonnet-5-5',
      max_tokens: 1000,
      system: '당신은 에이전트입니다. 할 일: 주간 주식 시장 요약',
      messages: [{ role: 'user', content: 'Run now.' }],
    });
    const en = offlineMessages({
      model: 'claude-sonnet-5-5',
      max_tokens: 1000,
      system: 'You are an agent. Your task: Summary of AI research news',
      messages: [{ role: 'user', content: 'Run now.' }],
    });
    expect(ko.stop_reason).toBe('end_turn');
    expect(textOf(ko)).toMatch(/^# 주간 주식 시장 요약/);
    expect(textOf(ko)).toContain('오프라인 대체 모델');
    expect(textOf(en)).toMatch(/^# Summary of AI research news/);
    expect(textOf(en)).toContain('Offline stand-in');
    expect(textOf(en)).toContain('## Sources');
  });

  test('reports plausible usage: more input for a longer prompt, output matching the text', () => {
    const short = offlineMessages({
      max_tokens: 100,
      system: 'Your task: news',
      messages: [{ role: 'user', content: 'go' }],
    });
    const long = offlineMessages({
      max_tokens: 100,
      system: `Your task: news. ${'Be thorough. '.repeat(200)}`,
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(short.usage.input_tokens).toBeGreaterThan(0);
    expect(long.usage.input_tokens).toBeGreaterThan(short.usage.input_tokens + 400);
    expect(short.usage.output_tokens).toBeGreaterThan(50);
  });
});

describe('agent names read as nouns', () => {
  test.each([
    ["Summarise the week's tech news", 'weekly', 'Weekly tech news summary'],
    ['Track Samsung Electronics stock price', 'daily', 'Daily Samsung Electronics stock price tracker'],
    ['Summary of AI research news', 'daily', 'Daily summary of AI research news'],
    ['AI news', 'weekly', 'Weekly AI news'],
  ] as const)('%s (%s) → %s', (task, frequency, name) => {
    expect(nameFor(task, frequency, 'en')).toBe(name);
  });
});
