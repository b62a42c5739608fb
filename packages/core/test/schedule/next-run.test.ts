/**
 * Next runs in the schedule's zone, checked against instants worked out by hand
 * from each zone's 2026 rules (offsets in the comments). DST rules under test
 * (docs/decisions/2026-11-22-schedules-and-dst.md): a wall time that does not
 * exist runs at the end of the gap that day; one that occurs twice runs once, at
 * the first occurrence; hourly runs every real hour.
 */
import type { Schedule } from '@agent-platform/core/agent';
import { nextRunAt, nextRuns } from '@agent-platform/core/schedule';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const runs = (s: Schedule, after: string, n: number) => nextRuns(s, new Date(after), n).map((d) => d.toISOString());

const daily = (time: string, timezone: string): Schedule => ({ frequency: 'daily', time, timezone });

describe('New York (EST UTC-5 / EDT UTC-4; 2026-03-08 02:00→03:00, 2026-11-01 02:00→01:00)', () => {
  test('a daily 02:30 runs at 03:00 EDT on the spring-forward day, where 02:30 does not exist', () => {
    // After Mar 7 12:00Z (07:00 EST): Mar 8 02:30 is in the gap → 03:00 EDT = 07:00Z;
    // Mar 9 02:30 EDT = 06:30Z.
    expect(runs(daily('02:30', 'America/New_York'), '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  test('a daily 01:30 runs once on the fall-back day, at the first (EDT) 01:30', () => {
    // Nov 1 01:30 EDT = 05:30Z (the EST 01:30 at 06:30Z is skipped); Nov 2 01:30 EST = 06:30Z.
    expect(runs(daily('01:30', 'America/New_York'), '2026-11-01T00:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  test('asked just after the first 01:30 on the fall-back day, the next run is the following day', () => {
    // 05:31Z is 01:31 EDT; the second 01:30 (06:30Z) must not run again.
    expect(iso(nextRunAt(daily('01:30', 'America/New_York'), new Date('2026-11-01T05:31:00Z')))).toBe(
      '2026-11-02T06:30:00.000Z',
    );
  });

  test('a daily 08:00 keeps 08:00 on the wall clock across the spring change', () => {
    // Mar 7 08:00 EST = 13:00Z; Mar 8 08:00 EDT = 12:00Z.
    expect(runs(daily('08:00', 'America/New_York'), '2026-03-07T00:00:00Z', 2)).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
    ]);
  });

  test('hourly runs every real hour through the repeated hour of fall back', () => {
    // 00:30 EDT=04:30Z, 01:30 EDT=05:30Z, 01:30 EST=06:30Z, 02:30 EST=07:30Z.
    const s: Schedule = { frequency: 'hourly', time: '00:30', timezone: 'America/New_York' };
    expect(runs(s, '2026-11-01T04:00:00Z', 4)).toEqual([
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
    ]);
  });

  test('hourly runs every real hour through the spring gap (02:30 does not exist)', () => {
    // 01:30 EST=06:30Z, then 03:30 EDT=07:30Z, 04:30 EDT=08:30Z.
    const s: Schedule = { frequency: 'hourly', time: '00:30', timezone: 'America/New_York' };
    expect(runs(s, '2026-03-08T06:00:00Z', 3)).toEqual([
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-08T08:30:00.000Z',
    ]);
  });

  test('a weekday cron runs on Monday after a weekend', () => {
    // After Sat Nov 7 12:00Z: Mon Nov 9 09:00 EST = 14:00Z.
    const s: Schedule = { frequency: 'cron', cron: '0 9 * * 1-5', timezone: 'America/New_York' };
    expect(iso(nextRunAt(s, new Date('2026-11-07T12:00:00Z')))).toBe('2026-11-09T14:00:00.000Z');
  });
});

describe('London (GMT UTC+0 / BST UTC+1; 2026-03-29 01:00→02:00, 2026-10-25 02:00→01:00)', () => {
  test('a daily 01:30 runs at 02:00 BST on the spring-forward day', () => {
    // Mar 29 01:30 is in the gap → 02:00 BST = 01:00Z; Mar 30 01:30 BST = 00:30Z.
    expect(runs(daily('01:30', 'Europe/London'), '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  test('a daily 01:30 runs once on the fall-back day, at 01:30 BST', () => {
    // Oct 25 01:30 BST = 00:30Z (not 01:30 GMT = 01:30Z); Oct 26 01:30 GMT = 01:30Z.
    expect(runs(daily('01:30', 'Europe/London'), '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  test('a weekly Monday 09:00 moves an hour earlier in UTC once summer time starts', () => {
    // Mon Mar 23 09:00 GMT = 09:00Z; Mon Mar 30 09:00 BST = 08:00Z.
    const s: Schedule = { frequency: 'weekly', time: '09:00', daysOfWeek: [1], timezone: 'Europe/London' };
    expect(runs(s, '2026-03-20T00:00:00Z', 2)).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });
});

describe('Sydney (AEST UTC+10 / AEDT UTC+11; 2026-04-05 03:00→02:00, 2026-10-04 02:00→03:00)', () => {
  test('a daily 02:30 runs once on the April fall-back day, at the first (AEDT) 02:30', () => {
    // Apr 4 02:30 AEDT = Apr 3 15:30Z; Apr 5 02:30 AEDT = Apr 4 15:30Z (not 02:30 AEST = 16:30Z);
    // Apr 6 02:30 AEST = Apr 5 16:30Z.
    expect(runs(daily('02:30', 'Australia/Sydney'), '2026-04-03T00:00:00Z', 3)).toEqual([
      '2026-04-03T15:30:00.000Z',
      '2026-04-04T15:30:00.000Z',
      '2026-04-05T16:30:00.000Z',
    ]);
  });

  test('a daily 02:30 runs at 03:00 AEDT on the October spring-forward day', () => {
    // Oct 3 02:30 AEST = Oct 2 16:30Z; Oct 4 02:30 is in the gap → 03:00 AEDT = Oct 3 16:00Z;
    // Oct 5 02:30 AEDT = Oct 4 15:30Z.
    expect(runs(daily('02:30', 'Australia/Sydney'), '2026-10-02T00:00:00Z', 3)).toEqual([
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:00:00.000Z',
      '2026-10-04T15:30:00.000Z',
    ]);
  });
});

describe('Seoul (KST UTC+9, no daylight saving)', () => {
  test('a weekly Monday 08:00 runs at 23:00Z on Sunday', () => {
    // After Sun Nov 22 00:00Z (09:00 KST Sunday): Mon Nov 23 08:00 KST = Nov 22 23:00Z.
    const s: Schedule = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
    expect(runs(s, '2026-11-22T00:00:00Z', 2)).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z']);
  });

  test('a daily 08:00 stays at 23:00Z while other zones change their clocks', () => {
    expect(runs(daily('08:00', 'Asia/Seoul'), '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T23:00:00.000Z',
      '2026-03-08T23:00:00.000Z',
      '2026-03-09T23:00:00.000Z',
    ]);
  });

  test('weekly on several days runs on each, Sunday written as 7', () => {
    // Wed Nov 25 and Sun Nov 29, 2026, 18:30 KST = 09:30Z.
    const s: Schedule = { frequency: 'weekly', time: '18:30', daysOfWeek: [3, 7], timezone: 'Asia/Seoul' };
    expect(runs(s, '2026-11-23T00:00:00Z', 3)).toEqual([
      '2026-11-25T09:30:00.000Z',
      '2026-11-29T09:30:00.000Z',
      '2026-12-02T09:30:00.000Z',
    ]);
  });
});

describe('monthly on day 29–31 runs on the last day of shorter months', () => {
  test.each([
    {
      name: 'day 31 in Seoul: Jan 31, Feb 28, Mar 31, Apr 30 (08:00 KST = 23:00Z the day before)',
      schedule: { frequency: 'monthly', time: '08:00', dayOfMonth: 31, timezone: 'Asia/Seoul' },
      after: '2026-01-01T00:00:00Z',
      expected: [
        '2026-01-30T23:00:00.000Z',
        '2026-02-27T23:00:00.000Z',
        '2026-03-30T23:00:00.000Z',
        '2026-04-29T23:00:00.000Z',
      ],
    },
    {
      name: 'day 29 in UTC: Feb 28 in 2027, Feb 29 in leap 2028, and Mar 29 (not Mar 31)',
      schedule: { frequency: 'monthly', time: '12:00', dayOfMonth: 29, timezone: 'UTC' },
      after: '2027-02-01T00:00:00Z',
      expected: ['2027-02-28T12:00:00.000Z', '2027-03-29T12:00:00.000Z'],
    },
    {
      name: 'day 29 in a leap February runs on the 29th',
      schedule: { frequency: 'monthly', time: '12:00', dayOfMonth: 29, timezone: 'UTC' },
      after: '2028-02-01T00:00:00Z',
      expected: ['2028-02-29T12:00:00.000Z', '2028-03-29T12:00:00.000Z'],
    },
    {
      name: 'day 30: Feb 28, then Mar 30 and Apr 30',
      schedule: { frequency: 'monthly', time: '00:00', dayOfMonth: 30, timezone: 'UTC' },
      after: '2026-02-01T00:00:00Z',
      expected: ['2026-02-28T00:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-04-30T00:00:00.000Z'],
    },
    {
      name: 'day 31 in New York keeps 09:00 local across the March change (EST then EDT)',
      // Feb 28 09:00 EST = 14:00Z; Mar 31 09:00 EDT = 13:00Z.
      schedule: { frequency: 'monthly', time: '09:00', dayOfMonth: 31, timezone: 'America/New_York' },
      after: '2026-02-01T00:00:00Z',
      expected: ['2026-02-28T14:00:00.000Z', '2026-03-31T13:00:00.000Z'],
    },
    {
      name: 'day 15 runs on the 15th every month',
      schedule: { frequency: 'monthly', time: '07:05', dayOfMonth: 15, timezone: 'UTC' },
      after: '2026-01-15T07:05:00Z',
      expected: ['2026-02-15T07:05:00.000Z', '2026-03-15T07:05:00.000Z'],
    },
  ] as { name: string; schedule: Schedule; after: string; expected: string[] }[])(
    '$name',
    ({ schedule, after, expected }) => {
      expect(runs(schedule, after, expected.length)).toEqual(expected);
    },
  );
});

describe('next run boundaries', () => {
  test('a run exactly at `after` is not returned again: the next one is', () => {
    expect(iso(nextRunAt(daily('08:00', 'UTC'), new Date('2026-11-01T08:00:00.000Z')))).toBe(
      '2026-11-02T08:00:00.000Z',
    );
  });

  test('a run a moment after `after` is returned', () => {
    expect(iso(nextRunAt(daily('08:00', 'UTC'), new Date('2026-11-01T07:59:59.500Z')))).toBe(
      '2026-11-01T08:00:00.000Z',
    );
  });

  test('a cron of every minute runs at the next whole minute', () => {
    const s: Schedule = { frequency: 'cron', cron: '* * * * *', timezone: 'UTC' };
    expect(runs(s, '2026-11-01T12:00:30Z', 2)).toEqual(['2026-11-01T12:01:00.000Z', '2026-11-01T12:02:00.000Z']);
  });

  test('hourly takes only the minutes of `time`', () => {
    const s: Schedule = { frequency: 'hourly', time: '17:45', timezone: 'UTC' };
    expect(runs(s, '2026-11-01T00:00:00Z', 2)).toEqual(['2026-11-01T00:45:00.000Z', '2026-11-01T01:45:00.000Z']);
  });
});

describe('cron day fields, as Vixie cron reads them', () => {
  const cron = (expression: string): Schedule => ({ frequency: 'cron', cron: expression, timezone: 'UTC' });

  test('both restricted: either the date or the weekday', () => {
    expect(runs(cron('0 9 1,15 * 1'), '2026-11-29T00:00:00Z', 5)).toEqual([
      '2026-11-30T09:00:00.000Z', // Monday
      '2026-12-01T09:00:00.000Z', // the 1st, a Tuesday
      '2026-12-07T09:00:00.000Z', // Monday
      '2026-12-14T09:00:00.000Z', // Monday
      '2026-12-15T09:00:00.000Z', // the 15th, a Tuesday
    ]);
  });

  test('a day-of-month step starting with * needs the weekday too: odd-day Mondays only', () => {
    expect(runs(cron('0 9 */2 * 1'), '2026-11-29T00:00:00Z', 4)).toEqual([
      '2026-12-07T09:00:00.000Z',
      '2026-12-21T09:00:00.000Z',
      '2027-01-11T09:00:00.000Z',
      '2027-01-25T09:00:00.000Z',
    ]);
  });

  test('a weekday step starting with * needs the date too', () => {
    // */2 in the weekday field is Sunday, Tuesday, Thursday and Saturday.
    // The 1st of January, February and March 2027 fall on a Friday, a Monday and a Monday.
    expect(runs(cron('0 9 1 * */2'), '2026-11-29T00:00:00Z', 3)).toEqual([
      '2026-12-01T09:00:00.000Z', // Tuesday
      '2027-04-01T09:00:00.000Z', // Thursday
      '2027-05-01T09:00:00.000Z', // Saturday
    ]);
  });
});
