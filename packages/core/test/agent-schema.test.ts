/**
 * Every validation rule of the agent schema, one named case each (docs/api.md, "Agents").
 * Longer than most files: a table of cases, one per rule.
 */
import {
  DEFAULT_MODEL,
  issueDetails,
  issueMessage,
  validateAgentPatch,
  validateAgentSpec,
  validateSchedule,
} from '@agent-platform/core/agent';

const base = { name: 'Weekly stock summary', finalAgentPrompt: 'Summarise the week.' };
const weekly = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
const withSchedule = (schedule: Record<string, unknown>) => ({ ...base, schedule });

/** Fields named in the error details, or 'ok' when the body is valid. */
function outcome(result: ReturnType<typeof validateAgentSpec> | ReturnType<typeof validateAgentPatch>) {
  return result.success ? 'ok' : [...new Set(issueDetails(result.issues).map((d) => d.field))].sort();
}

const specCases: { name: string; body: unknown; expected: 'ok' | string[] }[] = [
  { name: 'accepts the two required fields alone', body: base, expected: 'ok' },
  {
    name: 'accepts every writable field',
    body: {
      ...base,
      description: '매주 요약',
      tools: ['web_search', 'web_fetch', 'code_execution'],
      model: DEFAULT_MODEL,
      schedule: weekly,
      status: 'active',
    },
    expected: 'ok',
  },
  {
    name: 'accepts a name of exactly 100 Korean characters',
    body: { ...base, name: '가'.repeat(100) },
    expected: 'ok',
  },
  {
    name: 'counts an emoji as one character (100 emoji pass)',
    body: { ...base, name: '📈'.repeat(100) },
    expected: 'ok',
  },
  { name: 'refuses a name of 101 characters', body: { ...base, name: 'a'.repeat(101) }, expected: ['name'] },
  { name: 'refuses a missing name', body: { finalAgentPrompt: 'x' }, expected: ['name'] },
  { name: 'refuses an empty name', body: { ...base, name: '' }, expected: ['name'] },
  { name: 'refuses a name of only spaces', body: { ...base, name: '   ' }, expected: ['name'] },
  { name: 'refuses a name that is not text', body: { ...base, name: 42 }, expected: ['name'] },
  {
    name: 'accepts a description of 2,000 characters',
    body: { ...base, description: 'd'.repeat(2000) },
    expected: 'ok',
  },
  {
    name: 'refuses a description of 2,001 characters',
    body: { ...base, description: 'd'.repeat(2001) },
    expected: ['description'],
  },
  {
    name: 'accepts a prompt of 20,000 characters',
    body: { ...base, finalAgentPrompt: 'p'.repeat(20000) },
    expected: 'ok',
  },
  {
    name: 'refuses a prompt of 20,001 characters',
    body: { ...base, finalAgentPrompt: 'p'.repeat(20001) },
    expected: ['finalAgentPrompt'],
  },
  { name: 'refuses a missing prompt', body: { name: 'n' }, expected: ['finalAgentPrompt'] },
  {
    name: 'refuses a prompt of only whitespace',
    body: { ...base, finalAgentPrompt: ' \n\t' },
    expected: ['finalAgentPrompt'],
  },
  {
    name: 'refuses an unknown tool, naming its position',
    body: { ...base, tools: ['web_search', 'shell'] },
    expected: ['tools[1]'],
  },
  { name: 'refuses a tool listed twice', body: { ...base, tools: ['web_fetch', 'web_fetch'] }, expected: ['tools'] },
  { name: 'refuses tools that are not a list', body: { ...base, tools: 'web_search' }, expected: ['tools'] },
  { name: 'refuses a model not in the configured list', body: { ...base, model: 'gpt-9' }, expected: ['model'] },
  { name: 'refuses an unknown status', body: { ...base, status: 'running' }, expected: ['status'] },
  { name: 'refuses an unknown field', body: { ...base, userId: 'someone-else' }, expected: ['userId'] },
  {
    name: 'names each unknown field',
    body: { ...base, nextRunAt: '2026-01-01T00:00:00Z', runCount: 5 },
    expected: ['nextRunAt', 'runCount'],
  },
  { name: 'refuses a body that is not an object', body: ['name'], expected: ['(body)'] },
  { name: 'refuses a null body', body: null, expected: ['(body)'] },
  {
    name: 'names every bad field at once',
    body: { name: '', finalAgentPrompt: '', tools: ['x'], status: 'on', extra: 1 },
    expected: ['extra', 'finalAgentPrompt', 'name', 'status', 'tools[0]'],
  },
  // Schedules
  { name: 'accepts no schedule (run on demand)', body: { ...base, schedule: null }, expected: 'ok' },
  { name: 'accepts a weekly schedule', body: withSchedule(weekly), expected: 'ok' },
  { name: 'accepts hourly with a time', body: withSchedule({ frequency: 'hourly', time: '00:15' }), expected: 'ok' },
  {
    name: 'accepts daily without a zone (UTC)',
    body: withSchedule({ frequency: 'daily', time: '23:59' }),
    expected: 'ok',
  },
  {
    name: 'accepts monthly on the 31st',
    body: withSchedule({ frequency: 'monthly', time: '09:00', dayOfMonth: 31 }),
    expected: 'ok',
  },
  {
    name: 'accepts a cron of every minute',
    body: withSchedule({ frequency: 'cron', cron: '* * * * *' }),
    expected: 'ok',
  },
  {
    name: 'refuses an unknown frequency',
    body: withSchedule({ frequency: 'yearly', time: '08:00' }),
    expected: ['schedule.frequency'],
  },
  {
    name: 'refuses an unknown schedule field',
    body: withSchedule({ ...weekly, every: 2 }),
    expected: ['schedule.every'],
  },
  { name: 'refuses a schedule that is not an object', body: withSchedule('weekly' as never), expected: ['schedule'] },
  {
    name: 'refuses a daily schedule without a time',
    body: withSchedule({ frequency: 'daily' }),
    expected: ['schedule.time'],
  },
  {
    name: 'refuses a time without a leading zero',
    body: withSchedule({ frequency: 'daily', time: '8:00' }),
    expected: ['schedule.time'],
  },
  { name: 'refuses 24:00', body: withSchedule({ frequency: 'daily', time: '24:00' }), expected: ['schedule.time'] },
  { name: 'refuses minute 60', body: withSchedule({ frequency: 'daily', time: '08:60' }), expected: ['schedule.time'] },
  {
    name: 'refuses weekly without days',
    body: withSchedule({ frequency: 'weekly', time: '08:00' }),
    expected: ['schedule.daysOfWeek'],
  },
  {
    name: 'refuses an empty list of days',
    body: withSchedule({ ...weekly, daysOfWeek: [] }),
    expected: ['schedule.daysOfWeek'],
  },
  {
    name: 'refuses day 0 (Sunday is 7)',
    body: withSchedule({ ...weekly, daysOfWeek: [0] }),
    expected: ['schedule.daysOfWeek[0]'],
  },
  {
    name: 'refuses day 8',
    body: withSchedule({ ...weekly, daysOfWeek: [1, 8] }),
    expected: ['schedule.daysOfWeek[1]'],
  },
  {
    name: 'refuses a day listed twice',
    body: withSchedule({ ...weekly, daysOfWeek: [2, 2] }),
    expected: ['schedule.daysOfWeek'],
  },
  {
    name: 'refuses days of the week on a daily schedule',
    body: withSchedule({ frequency: 'daily', time: '08:00', daysOfWeek: [1] }),
    expected: ['schedule.daysOfWeek'],
  },
  {
    name: 'refuses monthly without a day',
    body: withSchedule({ frequency: 'monthly', time: '08:00' }),
    expected: ['schedule.dayOfMonth'],
  },
  {
    name: 'refuses day of month 0',
    body: withSchedule({ frequency: 'monthly', time: '08:00', dayOfMonth: 0 }),
    expected: ['schedule.dayOfMonth'],
  },
  {
    name: 'refuses day of month 32',
    body: withSchedule({ frequency: 'monthly', time: '08:00', dayOfMonth: 32 }),
    expected: ['schedule.dayOfMonth'],
  },
  {
    name: 'refuses a fractional day of month',
    body: withSchedule({ frequency: 'monthly', time: '08:00', dayOfMonth: 1.5 }),
    expected: ['schedule.dayOfMonth'],
  },
  {
    name: 'refuses a day of month on a weekly schedule',
    body: withSchedule({ ...weekly, dayOfMonth: 3 }),
    expected: ['schedule.dayOfMonth'],
  },
  {
    name: 'refuses cron without an expression',
    body: withSchedule({ frequency: 'cron' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses a six-field cron',
    body: withSchedule({ frequency: 'cron', cron: '0 0 8 * * 1' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses a four-field cron',
    body: withSchedule({ frequency: 'cron', cron: '0 8 * *' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses a cron with minute 61',
    body: withSchedule({ frequency: 'cron', cron: '61 8 * * *' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses a cron that never runs (30 February)',
    body: withSchedule({ frequency: 'cron', cron: '0 0 30 2 *' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses a time on a cron schedule (the time belongs in the expression)',
    body: withSchedule({ frequency: 'cron', cron: '0 8 * * *', time: '08:00' }),
    expected: ['schedule.time'],
  },
  {
    name: 'refuses a cron expression on a daily schedule',
    body: withSchedule({ frequency: 'daily', time: '08:00', cron: '* * * * *' }),
    expected: ['schedule.cron'],
  },
  {
    name: 'refuses an unknown time zone',
    body: withSchedule({ ...weekly, timezone: 'Mars/Olympus' }),
    expected: ['schedule.timezone'],
  },
  {
    name: 'refuses a UTC offset as a zone',
    body: withSchedule({ ...weekly, timezone: '+09:00' }),
    expected: ['schedule.timezone'],
  },
  {
    name: 'refuses an abbreviation as a zone',
    body: withSchedule({ ...weekly, timezone: 'KST' }),
    expected: ['schedule.timezone'],
  },
  { name: 'refuses a name with a line break', body: { ...base, name: 'Weekly\nnews' }, expected: ['name'] },
  { name: 'refuses a name with a NUL character', body: { ...base, name: 'news\u0000' }, expected: ['name'] },
  { name: 'refuses a lone surrogate (not valid Unicode)', body: { ...base, name: 'news \ud800' }, expected: ['name'] },
  {
    name: 'refuses control characters in the prompt',
    body: { ...base, finalAgentPrompt: 'Summarise\u001b[31m' },
    expected: ['finalAgentPrompt'],
  },
];

describe('agent spec (create body, designer draft, web form)', () => {
  test.each(specCases)('$name', ({ body, expected }) => {
    expect(outcome(validateAgentSpec(body))).toEqual(expected);
  });

  test('fills the defaults: empty description, no tools, the default model, no schedule, draft', () => {
    const result = validateAgentSpec(base);
    expect(result.success && result.data).toEqual({
      ...base,
      description: '',
      tools: [],
      model: DEFAULT_MODEL,
      schedule: null,
      status: 'draft',
      monthlyBudgetUsd: null,
    });
  });

  test('trims the name and normalises the schedule (zone case, day order, cron spacing)', () => {
    const result = validateAgentSpec({
      ...base,
      name: '  주간 요약  ',
      schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [5, 1], timezone: 'asia/seoul' },
    });
    expect(result.success && result.data.name).toBe('주간 요약');
    expect(result.success && result.data.schedule).toEqual({
      frequency: 'weekly',
      time: '08:00',
      daysOfWeek: [1, 5],
      timezone: 'Asia/Seoul',
    });
    const cron = validateSchedule({ frequency: 'cron', cron: '  0   8 * *  1 ' });
    expect(cron.success && cron.data).toEqual({ frequency: 'cron', cron: '0 8 * * 1', timezone: 'UTC' });
  });
});

describe('agent patch', () => {
  test.each([
    { name: 'accepts one field', body: { name: 'New name' }, expected: 'ok' },
    { name: 'accepts removing the schedule', body: { schedule: null }, expected: 'ok' },
    { name: 'accepts a status change alone', body: { status: 'inactive' }, expected: 'ok' },
    { name: 'refuses an empty patch', body: {}, expected: ['(body)'] },
    { name: 'refuses an empty name', body: { name: '' }, expected: ['name'] },
    { name: 'refuses changing the owner', body: { userId: 'x' }, expected: ['userId'] },
    { name: 'refuses changing the counters', body: { runCount: 0, costUsd: 0 }, expected: ['costUsd', 'runCount'] },
    { name: 'refuses setting nextRunAt directly', body: { nextRunAt: null }, expected: ['nextRunAt'] },
    { name: 'refuses a bad schedule', body: { schedule: { frequency: 'daily' } }, expected: ['schedule.time'] },
  ] as { name: string; body: unknown; expected: 'ok' | string[] }[])('$name', ({ body, expected }) => {
    expect(outcome(validateAgentPatch(body))).toEqual(expected);
  });
});

describe('messages for people, in Korean and English', () => {
  const issuesOf = (body: unknown) => {
    const r = validateAgentSpec(body);
    if (r.success) throw new Error('expected a failure');
    return r.issues;
  };

  test.each([
    { name: 'missing field', body: { finalAgentPrompt: 'x' }, field: 'name', en: 'Required.', ko: '필수 항목입니다.' },
    {
      name: 'too long',
      body: { ...base, name: 'a'.repeat(101) },
      field: 'name',
      en: 'Must be at most 100 characters.',
      ko: '최대 100자까지 쓸 수 있습니다.',
    },
    {
      name: 'unknown field',
      body: { ...base, foo: 1 },
      field: 'foo',
      en: 'Unknown field.',
      ko: '알 수 없는 항목입니다.',
    },
    {
      name: 'bad time',
      body: withSchedule({ frequency: 'daily', time: '8am' }),
      field: 'schedule.time',
      en: 'Give the time as HH:MM (24-hour), e.g. 08:00.',
      ko: '시간을 HH:MM(24시간) 형식으로 입력하세요. 예: 08:00',
    },
    {
      name: 'bad zone',
      body: withSchedule({ ...weekly, timezone: 'Seoul' }),
      field: 'schedule.timezone',
      en: 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".',
      ko: '알 수 없는 시간대입니다. 예: "Asia/Seoul", "UTC"',
    },
    {
      name: 'a field that does not belong to the frequency',
      body: withSchedule({ frequency: 'daily', time: '08:00', dayOfMonth: 3 }),
      field: 'schedule.dayOfMonth',
      en: 'Does not apply to a daily schedule; leave it out.',
      ko: 'daily 일정에는 쓰지 않는 항목입니다. 빼 주세요.',
    },
  ])('$name', ({ body, field, en, ko }) => {
    expect(issueDetails(issuesOf(body), 'en')).toEqual([{ field, message: en }]);
    expect(issueDetails(issuesOf(body), 'ko')).toEqual([{ field, message: ko }]);
    const [issue] = issuesOf(body);
    expect(issue && issueMessage(issue, 'ko')).toBe(ko);
  });
});
