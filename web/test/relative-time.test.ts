import { formatRelative, formatTime } from '../src/format/format';

// Instants in Seoul (UTC+9, no daylight saving), so the calendar days are the person's.
const SEOUL = 'Asia/Seoul';
const at = (local: string) => Date.parse(`${local}+09:00`);

describe('relative times', () => {
  it.each([
    {
      name: '42 hours ahead on a Monday morning is the day after tomorrow',
      now: '2026-11-30T10:00',
      at: '2026-12-02T04:00',
      ko: '모레',
      en: 'in 2 days',
    },
    {
      name: '42 hours ahead at 1am is tomorrow evening',
      now: '2026-11-30T01:00',
      at: '2026-12-01T19:00',
      ko: '내일',
      en: 'tomorrow',
    },
    {
      name: '25 hours ahead late in the evening is the day after tomorrow',
      now: '2026-11-30T23:30',
      at: '2026-12-02T00:30',
      ko: '모레',
      en: 'in 2 days',
    },
    { name: 'three hours ahead', now: '2026-11-30T10:00', at: '2026-11-30T13:00', ko: '3시간 후', en: 'in 3 hours' },
    {
      name: 'two and a half minutes ahead',
      now: '2026-11-30T10:00',
      at: '2026-11-30T10:02:30',
      ko: '2분 후',
      en: 'in 2 minutes',
    },
    { name: 'a few seconds away', now: '2026-11-30T10:00', at: '2026-11-30T10:00:04', ko: '지금', en: 'now' },
    { name: 'yesterday', now: '2026-11-30T09:00', at: '2026-11-29T08:00', ko: '어제', en: 'yesterday' },
  ])('$name', ({ now, at: when, ko, en }) => {
    const iso = new Date(at(when)).toISOString();
    expect(formatRelative(iso, at(now), 'ko', SEOUL)).toBe(ko);
    expect(formatRelative(iso, at(now), 'en', SEOUL)).toBe(en);
  });

  it('moves on as time passes: "in 2 minutes" becomes "now" and then "1 minute ago"', () => {
    const iso = new Date(at('2026-11-30T10:02:00')).toISOString();
    expect(formatRelative(iso, at('2026-11-30T10:00:00'), 'en', SEOUL)).toBe('in 2 minutes');
    expect(formatRelative(iso, at('2026-11-30T10:01:58'), 'en', SEOUL)).toBe('now');
    expect(formatRelative(iso, at('2026-11-30T10:03:30'), 'ko', SEOUL)).toBe('1분 전');
  });
});

describe('a run log’s times', () => {
  it('follow the language they are asked in', () => {
    const iso = '2026-11-30T23:05:09.000Z';
    expect(formatTime(iso, 'en', 'UTC')).toBe('11:05:09 PM');
    expect(formatTime(iso, 'ko', 'UTC')).toBe('오후 11:05:09');
  });
});
