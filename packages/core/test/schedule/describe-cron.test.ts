/**
 * Users' cron expressions in words, in Korean and English, in the same tone as
 * our own frequencies, and schedules in zones the platform has no name for.
 */
import type { Schedule } from '@agent-platform/core/agent';
import { describeSchedule } from '@agent-platform/core/schedule';

const cron = (expression: string, timezone = 'Asia/Seoul'): Schedule => ({
  frequency: 'cron',
  cron: expression,
  timezone,
});

const cases: { name: string; cron: string; timezone?: string; ko: string; en: string }[] = [
  { name: 'every minute', cron: '* * * * *', ko: '매분 (서울)', en: 'Every minute (Seoul)' },
  { name: 'every 5 minutes', cron: '*/5 * * * *', ko: '5분마다 (서울)', en: 'Every 5 minutes (Seoul)' },
  { name: 'every hour on the hour', cron: '0 * * * *', ko: '매시간 정각 (서울)', en: 'Every hour on the hour (Seoul)' },
  { name: 'every hour at half past', cron: '30 * * * *', ko: '매시간 30분 (서울)', en: 'Every hour at :30 (Seoul)' },
  {
    name: 'every two hours',
    cron: '0 */2 * * *',
    ko: '2시간마다 정각 (서울)',
    en: 'Every 2 hours on the hour (Seoul)',
  },
  { name: 'every day at 9', cron: '0 9 * * *', ko: '매일 오전 9:00 (서울)', en: 'Every day at 9:00 AM (Seoul)' },
  {
    name: 'twice a day',
    cron: '0 9,18 * * *',
    ko: '매일 오전 9:00, 오후 6:00 (서울)',
    en: 'Every day at 9:00 AM and 6:00 PM (Seoul)',
  },
  {
    name: 'weekdays at 7:30 in New York',
    cron: '30 7 * * 1-5',
    timezone: 'America/New_York',
    ko: '매주 평일 오전 7:30 (뉴욕)',
    en: 'Every weekday at 7:30 AM (New York)',
  },
  {
    name: 'weekdays by name',
    cron: '0 9 * * MON-FRI',
    ko: '매주 평일 오전 9:00 (서울)',
    en: 'Every weekday at 9:00 AM (Seoul)',
  },
  {
    name: 'Sunday as 0',
    cron: '0 10 * * 0',
    ko: '매주 일요일 오전 10:00 (서울)',
    en: 'Every Sunday at 10:00 AM (Seoul)',
  },
  {
    name: 'Sunday as 7, with Saturday',
    cron: '0 10 * * 6,7',
    ko: '매주 토요일, 일요일 오전 10:00 (서울)',
    en: 'Every Saturday and Sunday at 10:00 AM (Seoul)',
  },
  {
    name: 'Monday, Wednesday and Friday in the evening',
    cron: '0 18 * * 1,3,5',
    timezone: 'Europe/London',
    ko: '매주 월요일, 수요일, 금요일 오후 6:00 (런던)',
    en: 'Every Monday, Wednesday and Friday at 6:00 PM (London)',
  },
  {
    name: 'on the 1st and 15th of the month',
    cron: '30 8 1,15 * *',
    ko: '매월 1일, 15일 오전 8:30 (서울)',
    en: 'Monthly on the 1st and 15th at 8:30 AM (Seoul)',
  },
  {
    name: 'a day of the month or a weekday, as cron runs it',
    cron: '0 9 1 * MON',
    timezone: 'UTC',
    ko: '매월 1일과 매주 월요일 오전 9:00 (UTC)',
    en: 'On the 1st of each month and every Monday at 9:00 AM (UTC)',
  },
  {
    name: 'the 31st says shorter months are skipped',
    cron: '0 21 31 * *',
    ko: '매월 31일 오후 9:00 (서울, 그 날짜가 없는 달은 건너뜀)',
    en: 'Monthly on the 31st at 9:00 PM (Seoul; skipped in shorter months)',
  },
  {
    name: 'every 15 minutes in office hours on weekdays, in cronstrue’s words',
    cron: '*/15 9-17 * * 1-5',
    ko: '15분마다, 오전 9:00부터 오후 5:59까지, 월요일부터 금요일까지 (서울)',
    en: 'Every 15 minutes, between 9:00 AM and 5:59 PM, Monday through Friday (Seoul)',
  },
  {
    name: 'the first Monday of the month, in cronstrue’s words',
    cron: '0 9 * * 1#1',
    ko: '오전 9:00, 매월 첫 번째 월요일 (서울)',
    en: 'At 9:00 AM, on the first Monday of the month (Seoul)',
  },
  {
    name: 'odd-day Mondays: a day step with weekdays needs both (Vixie cron)',
    cron: '0 9 */2 * 1',
    ko: '매주 월요일 오전 9:00, 단 1, 3, 5…일처럼 2일 간격인 날만 (서울)',
    en: 'Every Monday at 9:00 AM, only on every 2nd day of the month (1st, 3rd, 5th…) (Seoul)',
  },
  {
    name: 'a weekday step with a date needs both, said after cronstrue’s words',
    cron: '0 9 1 * */2',
    ko: '오전 9:00, 매월 1일, 주 중 2일마다 (날짜와 요일이 모두 맞는 날만) (서울)',
    en: 'At 9:00 AM, on day 1 of the month, every 2 days of the week (only when both the day and the weekday match) (Seoul)',
  },
  {
    name: 'an expression nobody can read is shown as written',
    cron: '61 * * * *',
    ko: 'cron 일정 61 * * * * (서울)',
    en: 'Cron schedule 61 * * * * (Seoul)',
  },
];

describe('cron schedules in words', () => {
  test.each(cases)('$name: $cron', ({ cron: expression, timezone, ko, en }) => {
    expect(describeSchedule(cron(expression, timezone), 'ko')).toBe(ko);
    expect(describeSchedule(cron(expression, timezone), 'en')).toBe(en);
  });
});

describe('zones without a name of ours', () => {
  test.each([
    ['US/Eastern', 'Every day at 9:00 AM (US/Eastern)'],
    ['EST', 'Every day at 9:00 AM (EST)'],
    ['Etc/GMT+5', 'Every day at 9:00 AM (Etc/GMT+5)'],
    ['Nowhere/Atlantis', 'Every day at 9:00 AM (Nowhere/Atlantis)'],
  ])('a legacy or unknown zone %s shows as written', (timezone, en) => {
    const schedule: Schedule = { frequency: 'daily', time: '09:00', timezone };
    expect(describeSchedule(schedule, 'en')).toBe(en);
    expect(describeSchedule(schedule, 'ko')).toBe(`매일 오전 9:00 (${timezone})`);
  });

  test('a stored schedule without a zone reads as UTC instead of throwing', () => {
    const legacy = { frequency: 'weekly', time: '08:00', daysOfWeek: [1] } as unknown as Schedule;
    expect(describeSchedule(legacy, 'en')).toBe('Every Monday at 8:00 AM (UTC)');
    expect(describeSchedule(legacy, 'ko')).toBe('매주 월요일 오전 8:00 (UTC)');
  });
});
