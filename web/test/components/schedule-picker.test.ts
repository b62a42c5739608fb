/** @jest-environment jsdom */
import './env';
import type { Schedule } from '../../src/data/types';
import { validateAgentPatch } from '../../src/data/validate';
import { formatDateTime, zoneLabel } from '../../src/format/format';
import { upcomingRuns } from '../../src/format/schedule';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { SchedulePicker } from '../../src/ui/schedule-picker';
import '../../src/ui/schedule-picker';
import { button, choose, events, LOCALES, mount, shadow, textOf, type } from './dom';

type Change = { schedule: Schedule | null };

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const $ = <E extends Element = HTMLInputElement>(p: SchedulePicker, selector: string) =>
  shadow(p).querySelector<E>(selector);
const preview = (p: SchedulePicker) => shadow(p).querySelector('.preview');
const previewWords = (p: SchedulePicker) => textOf(preview(p)?.querySelector('strong'));
const previewRuns = (p: SchedulePicker) => [...(preview(p)?.querySelectorAll('li') ?? [])].map(textOf);
/** The labels of the fields shown, in order. */
const fields = (p: SchedulePicker) => [...shadow(p).querySelectorAll('.field > label, .field > .label')].map(textOf);

async function changeFrequency(p: SchedulePicker, value: string) {
  choose($<HTMLSelectElement>(p, '#freq')!, value);
  await p.updateComplete;
}

describe.each(LOCALES)('schedule-picker in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('starts with no schedule: runs on demand, nothing else to fill in', async () => {
    const p = await mount('schedule-picker', { value: null });
    expect($<HTMLSelectElement>(p, '#freq')?.value).toBe('none');
    expect(fields(p)).toEqual([m.frequency]);
    expect(previewWords(p)).toBe(m.onDemand);
    expect(previewRuns(p)).toEqual([]);
  });

  it('names every frequency in the list', async () => {
    const p = await mount('schedule-picker', { value: null });
    expect([...shadow(p).querySelectorAll('#freq option')].map(textOf)).toEqual([
      m.scheduleNone,
      m.freq_hourly,
      m.freq_daily,
      m.freq_weekly,
      m.freq_monthly,
      m.freq_cron,
    ]);
  });

  it.each([
    {
      frequency: 'hourly',
      schedule: { frequency: 'hourly', time: '09:00', timezone: zone },
      fields: [m.frequency, m.minute, m.timezone],
    },
    {
      frequency: 'daily',
      schedule: { frequency: 'daily', time: '09:00', timezone: zone },
      fields: [m.frequency, m.time, m.timezone],
    },
    {
      frequency: 'weekly',
      schedule: { frequency: 'weekly', time: '09:00', daysOfWeek: [1], timezone: zone },
      fields: [m.frequency, m.time, m.timezone, m.days],
    },
    {
      frequency: 'monthly',
      schedule: { frequency: 'monthly', time: '09:00', dayOfMonth: 1, timezone: zone },
      fields: [m.frequency, m.time, m.dayOfMonth, m.timezone],
    },
    {
      frequency: 'cron',
      schedule: { frequency: 'cron', cron: '0 9 * * *', timezone: zone },
      fields: [m.frequency, m.cron, m.timezone],
    },
  ])('choosing $frequency asks for what it needs and previews its next five runs', async (c) => {
    const p = await mount('schedule-picker', { value: null });
    const changes = events<Change>(p, 'ap-schedule-change');
    await changeFrequency(p, c.frequency);
    expect(changes.map((e) => e.detail.schedule)).toEqual([c.schedule]);
    expect(fields(p)).toEqual(c.fields);
    expect(previewWords(p)).not.toBe(m.onDemand);
    const expected = upcomingRuns(c.schedule as Schedule, 5).map((d) => formatDateTime(d.toISOString()));
    expect(expected).toHaveLength(5);
    expect(previewRuns(p)).toEqual(expected);
  });

  it('goes back to on demand when “no schedule” is chosen', async () => {
    const p = await mount('schedule-picker', { value: { frequency: 'daily', time: '08:00', timezone: 'UTC' } });
    const changes = events<Change>(p, 'ap-schedule-change');
    await changeFrequency(p, 'none');
    expect(changes.map((e) => e.detail.schedule)).toEqual([null]);
    expect(previewWords(p)).toBe(m.onDemand);
  });

  it('keeps only the fields the new frequency uses', async () => {
    const p = await mount('schedule-picker', {
      value: { frequency: 'weekly', time: '07:30', daysOfWeek: [2, 4], timezone: 'Asia/Seoul' },
    });
    const changes = events<Change>(p, 'ap-schedule-change');
    await changeFrequency(p, 'cron');
    await changeFrequency(p, 'daily');
    expect(changes.map((e) => e.detail.schedule)).toEqual([
      { frequency: 'cron', cron: '0 9 * * *', timezone: 'Asia/Seoul' },
      { frequency: 'daily', time: '09:00', timezone: 'Asia/Seoul' },
    ]);
  });

  it('previews the schedule in words as the time changes', async () => {
    const p = await mount('schedule-picker', { value: { frequency: 'daily', time: '09:00', timezone: 'Asia/Seoul' } });
    expect(previewWords(p)).toBe(locale === 'ko' ? '매일 오전 9:00 (서울)' : 'Every day at 9:00 AM (Seoul)');
    choose($(p, '#time')!, '18:45');
    await p.updateComplete;
    expect(previewWords(p)).toBe(locale === 'ko' ? '매일 오후 6:45 (서울)' : 'Every day at 6:45 PM (Seoul)');
    const runs = upcomingRuns({ frequency: 'daily', time: '18:45', timezone: 'Asia/Seoul' }, 5);
    expect(previewRuns(p)).toEqual(runs.map((d) => formatDateTime(d.toISOString(), undefined, 'Asia/Seoul')));
    expect(textOf(shadow(p).querySelector('.preview .zone'))).toBe(m.timesIn(zoneLabel('Asia/Seoul')));
  });

  it('adds and removes days of a weekly schedule', async () => {
    const p = await mount('schedule-picker', {
      value: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'UTC' },
    });
    const changes = events<Change>(p, 'ap-schedule-change');
    const days = [...shadow(p).querySelectorAll<HTMLLabelElement>('.day')];
    expect(days.map(textOf)).toEqual(m.weekdaysShort);
    const box = (i: number) => days[i]!.querySelector('input')!;
    expect(days.map((_, i) => box(i).checked)).toEqual([true, false, false, false, false, false, false]);
    box(2).checked = true;
    box(2).dispatchEvent(new Event('change'));
    await p.updateComplete;
    box(0).checked = false;
    box(0).dispatchEvent(new Event('change'));
    expect(changes.map((e) => e.detail.schedule?.daysOfWeek)).toEqual([[1, 3], [3]]);
  });

  it('keeps the minute of an hourly schedule within the hour', async () => {
    const p = await mount('schedule-picker', { value: { frequency: 'hourly', time: '00:15', timezone: 'UTC' } });
    expect($(p, '#minute')?.value).toBe('15');
    const changes = events<Change>(p, 'ap-schedule-change');
    choose($(p, '#minute')!, '75');
    choose($(p, '#minute')!, '5');
    expect(changes.map((e) => e.detail.schedule?.time)).toEqual(['00:59', '00:05']);
  });

  it('sets the day of a monthly schedule and its time zone', async () => {
    const p = await mount('schedule-picker', {
      value: { frequency: 'monthly', time: '09:00', dayOfMonth: 1, timezone: 'UTC' },
    });
    const changes = events<Change>(p, 'ap-schedule-change');
    choose($(p, '#dom')!, '15');
    await p.updateComplete;
    choose($<HTMLSelectElement>(p, '#tz')!, 'Asia/Seoul');
    expect(changes.map((e) => e.detail.schedule)).toEqual([
      { frequency: 'monthly', time: '09:00', dayOfMonth: 15, timezone: 'UTC' },
      { frequency: 'monthly', time: '09:00', dayOfMonth: 15, timezone: 'Asia/Seoul' },
    ]);
  });

  it('says an unparseable cron expression has no upcoming runs', async () => {
    const p = await mount('schedule-picker', { value: { frequency: 'cron', cron: '0 9 * * 1', timezone: 'UTC' } });
    expect(previewRuns(p)).toHaveLength(5);
    const changes = events<Change>(p, 'ap-schedule-change');
    type($(p, '#cron')!, 'a b c d e');
    await p.updateComplete;
    expect(changes.at(-1)?.detail.schedule).toEqual({ frequency: 'cron', cron: 'a b c d e', timezone: 'UTC' });
    expect(previewRuns(p)).toEqual([]);
    expect(textOf(preview(p))).toContain(m.previewNone);
    expect(textOf(shadow(p).querySelector('#cron-help'))).toBe(m.cronHelp);
  });

  it.each([
    { cron: 'a b c d e', en: 'Not a valid cron expression.', ko: '올바른 cron 식이 아닙니다.' },
    {
      cron: 'not a cron',
      en: 'A cron expression has exactly five fields: minute hour day month weekday.',
      ko: 'cron 식은 분 시 일 월 요일, 다섯 필드여야 합니다.',
    },
    {
      cron: '0 9 31 2 *',
      en: 'This cron expression never runs (e.g. February 30).',
      ko: '이 cron 식은 한 번도 실행되지 않습니다 (예: 2월 30일).',
    },
  ])('shows the shared schema’s message next to the cron field: “$cron”', async (c) => {
    const schedule: Schedule = { frequency: 'cron', cron: c.cron, timezone: 'UTC' };
    const p = await mount('schedule-picker', { value: schedule, errors: validateAgentPatch({ schedule }, locale) });
    expect(textOf(shadow(p).querySelector('#err-cron'))).toBe(c[locale]);
    expect($(p, '#cron')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('marks the time field when the time is refused', async () => {
    const p = await mount('schedule-picker', {
      value: { frequency: 'daily', time: '09:00', timezone: 'UTC' },
      errors: { 'schedule.time': 'Give the time as HH:MM (24-hour), e.g. 08:00.' },
    });
    expect($(p, '#time')?.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(shadow(p).querySelector('#err-time'))).toBe('Give the time as HH:MM (24-hour), e.g. 08:00.');
  });

  it.each([
    { preset: m.preset_weekdays, schedule: { frequency: 'weekly', time: '09:00', daysOfWeek: [1, 2, 3, 4, 5] } },
    { preset: m.preset_daily, schedule: { frequency: 'daily', time: '08:00' } },
    { preset: m.preset_monday, schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1] } },
    { preset: m.preset_hourly, schedule: { frequency: 'hourly', time: '00:00' } },
  ])('fills in “$preset” in one click, keeping the time zone', async ({ preset, schedule }) => {
    const p = await mount('schedule-picker', { value: { frequency: 'daily', time: '10:00', timezone: 'Asia/Seoul' } });
    const changes = events<Change>(p, 'ap-schedule-change');
    button(shadow(p), preset).click();
    await p.updateComplete;
    expect(changes.map((e) => e.detail.schedule)).toEqual([{ ...schedule, timezone: 'Asia/Seoul' }]);
    expect($<HTMLSelectElement>(p, '#freq')?.value).toBe(schedule.frequency);
  });
});
