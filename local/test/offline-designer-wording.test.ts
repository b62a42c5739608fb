/**
 * What the offline designer makes of a request, as the person reads it in the
 * draft: a task without the time and zone words, places that belong to the
 * topic kept, weekday schedules named as such, and a question about the time
 * zone instead of a silent UTC when nothing says which one.
 */
import { offlineMessages } from '../src/offline-model';
import type { OfflineRequest, RequestMessage } from '../src/offline-model/request';

type Reply = ReturnType<typeof offlineMessages>;

function designerRequest(messages: RequestMessage[], context: Record<string, unknown>): OfflineRequest {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 1000,
    system: [
      { type: 'text', text: 'You are the agent designer.' },
      { type: 'text', text: `<designer_context>\n${JSON.stringify(context)}\n</designer_context>` },
    ],
    tools: [{ name: 'propose_agent', input_schema: { type: 'object' } }],
    messages,
  };
}

/** Plays the person's lines in turn, keeping the designer's answers in the conversation. */
function converse(lines: string[], context: Record<string, unknown> = {}): Reply[] {
  const messages: RequestMessage[] = [];
  const replies: Reply[] = [];
  for (const line of lines) {
    messages.push({ role: 'user', content: line });
    const reply = offlineMessages(designerRequest(messages, context));
    replies.push(reply);
    messages.push({ role: 'assistant', content: reply.content as RequestMessage['content'] });
  }
  return replies;
}

const textOf = (r: Reply) =>
  r.content
    .filter((b) => b.type === 'text')
    .map((b) => String(b.text))
    .join('\n');

interface Proposed {
  name: string;
  description: string;
  finalAgentPrompt: string;
  schedule: { frequency: string; time?: string; daysOfWeek?: number[]; timezone: string } | null;
}
const proposal = (r: Reply | undefined) => r?.content.find((b) => b.type === 'tool_use')?.input as Proposed | undefined;

describe('the task leaves out when and where', () => {
  test.each([
    {
      said: 'Every day at 9am Seoul time summarize crypto news',
      description: 'Summarize crypto news',
      name: 'Daily crypto news summary',
      schedule: { frequency: 'daily', time: '09:00', timezone: 'Asia/Seoul' },
    },
    {
      said: '매일 아침 9시 서울 시간으로 암호화폐 뉴스를 정리해줘',
      description: '암호화폐 뉴스 정리',
      name: '일간 암호화폐 뉴스 정리',
      schedule: { frequency: 'daily', time: '09:00', timezone: 'Asia/Seoul' },
    },
    {
      said: 'every weekday at 7:30am New York time, send me a summary of tech news',
      description: 'Summary of tech news',
      name: 'Weekday summary of tech news',
      schedule: { frequency: 'weekly', time: '07:30', daysOfWeek: [1, 2, 3, 4, 5], timezone: 'America/New_York' },
    },
    {
      said: 'FTSE market summary every day at 8 pm London time',
      description: 'FTSE market summary',
      name: 'Daily FTSE market summary',
      schedule: { frequency: 'daily', time: '20:00', timezone: 'Europe/London' },
    },
    {
      said: 'every day at 8am in London, weather summary',
      description: 'Weather summary',
      name: 'Daily weather summary',
      schedule: { frequency: 'daily', time: '08:00', timezone: 'Europe/London' },
    },
    {
      said: '매일 오후 7시 반에 환율 뉴스를 정리해줘',
      description: '환율 뉴스 정리',
      name: '일간 환율 뉴스 정리',
      schedule: { frequency: 'daily', time: '19:30', timezone: 'UTC' },
    },
  ])('"$said" → "$name"', ({ said, description, name, schedule }) => {
    const [reply] = converse([said], { userTimezone: 'UTC' });
    const draft = proposal(reply);
    expect(draft).toMatchObject({ name, description, schedule });
    expect(draft?.finalAgentPrompt).toContain(description);
  });
});

describe('a place that is part of the topic stays in the task', () => {
  test('한국 IT 뉴스 keeps 한국 while it also sets the Seoul time zone', () => {
    const replies = converse(['한국 IT 뉴스를 요약해줘', '매일 오전 8시'], { userTimezone: 'Europe/London' });
    expect(textOf(replies[0]!)).toContain('“한국 IT 뉴스를 요약해줘”');
    expect(proposal(replies[1])).toMatchObject({
      name: '일간 한국 IT 뉴스 요약',
      description: '한국 IT 뉴스 요약',
      schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
    });
  });

  test('한국 IT 뉴스 keeps 한국 next to an explicit Seoul time', () => {
    const [reply] = converse(['매주 월요일 오전 8시에 서울 시간으로 한국 IT 뉴스를 요약해줘'], {
      userTimezone: 'Asia/Seoul',
    });
    expect(proposal(reply)).toMatchObject({ name: '주간 한국 IT 뉴스 요약', description: '한국 IT 뉴스 요약' });
  });

  test('Korean tech news keeps its capital in the name', () => {
    const [reply] = converse(['Korean tech news every day at 8am'], { userTimezone: 'Asia/Seoul' });
    expect(proposal(reply)).toMatchObject({ name: 'Daily Korean tech news', description: 'Korean tech news' });
  });

  test('Tokyo weather is the task, and Tokyo the zone', () => {
    const [reply] = converse(['Tokyo weather every day at 7am'], { userTimezone: 'America/New_York' });
    expect(proposal(reply)).toMatchObject({
      name: 'Daily Tokyo weather',
      description: 'Tokyo weather',
      schedule: { time: '07:00', timezone: 'Asia/Tokyo' },
    });
  });

  test('a city named on its own answers where, not what', () => {
    const replies = converse(['London please'], { userTimezone: 'UTC' });
    expect(textOf(replies[0]!)).toMatch(/What should the agent do/);
  });
});

describe('Monday-to-Friday schedules are named as weekday ones', () => {
  test.each([
    ['월~금 오전 8시 주식 시장 요약', '평일 주식 시장 요약'],
    ['월요일부터 금요일까지 오전 8시에 주식 시장 요약 보내줘', '평일 주식 시장 요약'],
    ['Monday to Friday at 8am, stock market summary', 'Weekday stock market summary'],
    ['Mon-Fri 8:00, stock market summary', 'Weekday stock market summary'],
    ['every weekday at 8am, stock market summary', 'Weekday stock market summary'],
    ['주말 오전 8시 주식 시장 요약', '주말 주식 시장 요약'],
  ])('"%s" → "%s"', (said, name) => {
    const [reply] = converse([said], { userTimezone: 'Asia/Seoul' });
    const draft = proposal(reply);
    expect(draft?.name).toBe(name);
    expect(draft?.schedule?.daysOfWeek).toEqual(name.startsWith('주말') ? [6, 7] : [1, 2, 3, 4, 5]);
  });
});

describe('a time with no zone from the person or the client', () => {
  test('asks which time zone in English, then proposes in the city named', () => {
    const replies = converse(['Every day at 8am, summarize AI news', 'Seoul'], { userTimezone: null });
    expect(proposal(replies[0])).toBeUndefined();
    expect(textOf(replies[0]!)).toMatch(/Which time zone should 08:00 be in\?/);
    expect(proposal(replies[1])).toMatchObject({
      name: 'Daily AI news summary',
      schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
    });
  });

  test('asks which time zone in Korean, then proposes in the city named', () => {
    const replies = converse(['매일 오전 8시 AI 뉴스 요약', '뉴욕 시간으로 해줘'], {});
    expect(proposal(replies[0])).toBeUndefined();
    expect(textOf(replies[0]!)).toContain('어느 지역 시간 기준으로 08:00에 실행할까요?');
    expect(proposal(replies[1])).toMatchObject({
      name: '일간 AI 뉴스 요약',
      schedule: { time: '08:00', timezone: 'America/New_York' },
    });
  });

  test('asks only once: without an answer it proposes in UTC and says so', () => {
    const replies = converse(['Every day at 8am, summarize AI news', 'no idea, you pick'], {});
    const draft = proposal(replies[1]);
    expect(draft?.schedule).toMatchObject({ time: '08:00', timezone: 'UTC' });
    expect(textOf(replies[1]!)).toContain('uses UTC');
  });

  test('does not ask when the client sent its zone', () => {
    const [reply] = converse(['Every day at 8am, summarize AI news'], { userTimezone: 'Europe/Paris' });
    expect(proposal(reply)?.schedule).toMatchObject({ timezone: 'Europe/Paris' });
  });

  test('does not ask for an on-demand agent or one that runs every few minutes', () => {
    const [byHand] = converse(['Summarize AI news, only when I run it'], {});
    const [often] = converse(['every 15 minutes, check the Bitcoin price'], {});
    expect(proposal(byHand)?.schedule).toBeNull();
    expect(proposal(often)?.schedule).toMatchObject({ frequency: 'cron', timezone: 'UTC' });
  });
});

describe('a request for "the news" asks which news, from where and in what form before when', () => {
  test('뉴스 요약해줘: topic, sources and form first, then when, then a draft named after the topic', () => {
    const replies = converse(
      ['뉴스 요약해줘', '국내 IT와 AI 뉴스, 연합뉴스랑 전자신문에서, 핵심 5줄로', '매일 아침 8시'],
      { userTimezone: 'Asia/Seoul' },
    );
    const first = textOf(replies[0]!);
    expect(proposal(replies[0])).toBeUndefined();
    expect(first).toContain('어떤 뉴스를 요약할까요?');
    expect(first).toMatch(/주제나 분야/);
    expect(first).toMatch(/참고할 출처/);
    expect(first).toMatch(/받고 싶은 형태/);
    expect(first).not.toMatch(/언제 실행할까요/);
    // Then when, and only when.
    expect(proposal(replies[1])).toBeUndefined();
    expect(textOf(replies[1]!)).toMatch(/언제 실행할까요/);
    const draft = proposal(replies[2]);
    expect(draft).toMatchObject({
      name: '일간 국내 IT와 AI 뉴스 요약',
      schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
    });
    // The sources and the form go into what the agent is told.
    expect(draft?.finalAgentPrompt).toContain('연합뉴스랑 전자신문');
    expect(draft?.finalAgentPrompt).toContain('핵심 5줄');
  });

  test('summarise the news: the same questions in English, and a natural name', () => {
    const replies = converse(
      [
        'Summarise the news',
        'Korean tech and AI news, from Reuters and TechCrunch, five bullet points',
        'every day at 8am',
      ],
      { userTimezone: 'America/New_York' },
    );
    expect(textOf(replies[0]!)).toContain('Which news should it summarise?');
    expect(textOf(replies[0]!)).toMatch(/Sources to use/);
    expect(textOf(replies[1]!)).toMatch(/When should it run/);
    const draft = proposal(replies[2]);
    expect(draft?.name).toBe('Daily Korean tech and AI news summary');
    expect(draft?.finalAgentPrompt).toContain('Reuters and TechCrunch');
  });

  test('asks once: a reply without details goes on to when', () => {
    const replies = converse(['뉴스 요약해줘', '아무거나요'], { userTimezone: 'Asia/Seoul' });
    expect(textOf(replies[1]!)).not.toContain('어떤 뉴스를 요약할까요?');
  });

  test('a topic given at once needs no question', () => {
    const [reply] = converse(['매일 오전 8시 AI 뉴스 요약해줘'], { userTimezone: 'Asia/Seoul' });
    expect(proposal(reply)?.name).toBe('일간 AI 뉴스 요약');
  });
});

describe('names read as names, not as the request', () => {
  test.each([
    [
      'Every weekday at 7:30, check the weather in New York and tell me if I need an umbrella',
      'Weekday New York weather check',
    ],
    ['평일 아침 7시 반에 서울 날씨를 확인하고 우산이 필요한지 알려줘', '평일 서울 날씨 확인'],
  ])('"%s" → "%s"', (said, name) => {
    const [reply] = converse([said], { userTimezone: 'Asia/Seoul' });
    expect(proposal(reply)?.name).toBe(name);
  });
});
