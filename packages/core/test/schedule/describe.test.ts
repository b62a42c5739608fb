/** Schedules in words, in Korean and English, and the preview of the next runs. */
import type { Schedule } from '@agent-platform/core/agent';
import { describeSchedule, describeScheduleOrManual, previewSchedule, zoneLabel } from '@agent-platform/core/schedule';

const cases: { name: string; schedule: Schedule; ko: string; en: string }[] = [
  {
    name: 'weekly Monday morning in Seoul',
    schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' },
    ko: '매주 월요일 오전 8:00 (서울)',
    en: 'Every Monday at 8:00 AM (Seoul)',
  },
  {
    name: 'weekly on three days in New York',
    schedule: { frequency: 'weekly', time: '17:30', daysOfWeek: [1, 3, 5], timezone: 'America/New_York' },
    ko: '매주 월요일, 수요일, 금요일 오후 5:30 (뉴욕)',
    en: 'Every Monday, Wednesday and Friday at 5:30 PM (New York)',
  },
  {
    name: 'weekdays',
    schedule: { frequency: 'weekly', time: '09:00', daysOfWeek: [1, 2, 3, 4, 5], timezone: 'Europe/London' },
    ko: '매주 평일 오전 9:00 (런던)',
    en: 'Every weekday at 9:00 AM (London)',
  },
  {
    name: 'daily at midnight in Tokyo',
    schedule: { frequency: 'daily', time: '00:00', timezone: 'Asia/Tokyo' },
    ko: '매일 오전 12:00 (도쿄)',
    en: 'Every day at 12:00 AM (Tokyo)',
  },
  {
    name: 'daily at noon in Sydney',
    schedule: { frequency: 'daily', time: '12:00', timezone: 'Australia/Sydney' },
    ko: '매일 오후 12:00 (시드니)',
    en: 'Every day at 12:00 PM (Sydney)',
  },
  {
    name: 'hourly at a quarter past, UTC',
    schedule: { frequency: 'hourly', time: '00:15', timezone: 'UTC' },
    ko: '매시간 15분 (UTC)',
    en: 'Every hour at :15 (UTC)',
  },
  {
    name: 'hourly on the hour',
    schedule: { frequency: 'hourly', time: '06:00', timezone: 'Asia/Seoul' },
    ko: '매시간 정각 (서울)',
    en: 'Every hour on the hour (Seoul)',
  },
  {
    name: 'monthly on the 1st',
    schedule: { frequency: 'monthly', time: '07:00', dayOfMonth: 1, timezone: 'Asia/Seoul' },
    ko: '매월 1일 오전 7:00 (서울)',
    en: 'Monthly on the 1st at 7:00 AM (Seoul)',
  },
  {
    name: 'monthly on the 31st says what happens in shorter months',
    schedule: { frequency: 'monthly', time: '21:00', dayOfMonth: 31, timezone: 'Asia/Seoul' },
    ko: '매월 31일 오후 9:00 (서울, 31일이 없는 달은 말일)',
    en: 'Monthly on the 31st at 9:00 PM (Seoul; last day of shorter months)',
  },
  {
    name: 'cron every minute',
    schedule: { frequency: 'cron', cron: '* * * * *', timezone: 'UTC' },
    ko: '매분 (UTC)',
    en: 'Every minute (UTC)',
  },
  {
    name: 'cron every 15 minutes',
    schedule: { frequency: 'cron', cron: '*/15 * * * *', timezone: 'Asia/Seoul' },
    ko: '15분마다 (서울)',
    en: 'Every 15 minutes (Seoul)',
  },
  {
    name: 'a weekday cron reads like a weekly schedule',
    schedule: { frequency: 'cron', cron: '0 9 * * 1-5', timezone: 'America/Los_Angeles' },
    ko: '매주 평일 오전 9:00 (로스앤젤레스)',
    en: 'Every weekday at 9:00 AM (Los Angeles)',
  },
  {
    name: 'a zone without a listed name shows its city part',
    schedule: { frequency: 'daily', time: '06:00', timezone: 'America/Argentina/Buenos_Aires' },
    ko: '매일 오전 6:00 (Buenos Aires)',
    en: 'Every day at 6:00 AM (Buenos Aires)',
  },
];

describe('describeSchedule', () => {
  test.each(cases)('$name', ({ schedule, ko, en }) => {
    expect(describeSchedule(schedule, 'ko')).toBe(ko);
    expect(describeSchedule(schedule, 'en')).toBe(en);
  });

  test('no schedule reads as run on demand', () => {
    expect(describeScheduleOrManual(null, 'ko')).toBe('직접 실행할 때만');
    expect(describeScheduleOrManual(null, 'en')).toBe('Only when run by hand');
  });

  test.each([
    ['Asia/Seoul', '서울', 'Seoul'],
    ['America/New_York', '뉴욕', 'New York'],
    ['Europe/London', '런던', 'London'],
    ['Australia/Sydney', '시드니', 'Sydney'],
    ['Asia/Tokyo', '도쿄', 'Tokyo'],
    ['UTC', 'UTC', 'UTC'],
  ])('names %s as %s / %s', (zone, ko, en) => {
    expect(zoneLabel(zone, 'ko')).toBe(ko);
    expect(zoneLabel(zone, 'en')).toBe(en);
  });
});

describe('previewSchedule', () => {
  test('lists the next runs as instants and as wall-clock text of the zone', () => {
    const schedule: Schedule = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
    const ko = previewSchedule(schedule, new Date('2026-11-22T00:00:00Z'), 2, 'ko');
    expect(ko.description).toBe('매주 월요일 오전 8:00 (서울)');
    expect(ko.runs.map((r) => r.at)).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z']);
    expect(ko.runs[0]?.label).toMatch(/2026년 11월 23일.*월.*오전 8:00/);
    const en = previewSchedule(schedule, new Date('2026-11-22T00:00:00Z'), 1, 'en');
    expect(en.runs[0]?.label).toMatch(/Mon.*November 23, 2026.*8:00\sAM/);
  });
});
