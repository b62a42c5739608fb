/**
 * What the offline designer understands of a person's words, in Korean or
 * English: how often (매일/daily …), which weekdays (월요일/Monday …), what time
 * (오전 8시, 8am, 08:00, 저녁 7시 반), which city or zone (서울/Seoul → Asia/Seoul)
 * and whether anything is left over that reads like a goal. Deterministic and
 * deliberately simple: it only has to reach a valid draft within a few turns.
 */
import { detectLocale } from '@agent-platform/core/locale';
import type { Frequency } from '@agent-platform/core/schedule';

/** What one message says; every field is absent when the message does not say it. */
export interface Facts {
  frequency?: Frequency;
  /** 1 = Monday … 7 = Sunday. */
  daysOfWeek?: number[];
  dayOfMonth?: number;
  /** `HH:MM`, 24-hour. */
  time?: string;
  cron?: string;
  timezone?: string;
  /** The person wants it to run only when they ask. */
  onDemand?: boolean;
  /** The words left after the schedule, when they read like a task. */
  goal?: string;
}

const KO_DAYS: Record<string, number> = { 월: 1, 화: 2, 수: 3, 목: 4, 금: 5, 토: 6, 일: 7 };
const EN_DAYS: [RegExp, number][] = [
  [/\bmon(day)?s?\b/i, 1],
  [/\btue(s|sday)?s?\b/i, 2],
  [/\bwed(nesday)?s?\b/i, 3],
  [/\bthu(rs|rsday)?s?\b/i, 4],
  [/\bfri(day)?s?\b/i, 5],
  // Full names only: "sat" and "sun" are ordinary words too.
  [/\bsaturdays?\b/i, 6],
  [/\bsundays?\b/i, 7],
];

/** Cities, countries and abbreviations people use for a zone, most specific first. */
const ZONES: [RegExp, string][] = [
  [/\b([A-Z][a-z]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?)\b/, '$1'],
  [/서울|부산|인천|한국|\bseoul\b|\bbusan\b|\bkorea\b|\bKST\b/i, 'Asia/Seoul'],
  [/뉴욕|\bnew york\b|\bNYC\b|\bEST\b|\bEDT\b|\beastern time\b/i, 'America/New_York'],
  [/런던|영국|\blondon\b|\bUK\b|\bBST\b/i, 'Europe/London'],
  [/도쿄|일본|\btokyo\b|\bjapan\b|\bJST\b/i, 'Asia/Tokyo'],
  [/시드니|\bsydney\b/i, 'Australia/Sydney'],
  [
    /로스앤젤레스|엘에이|샌프란시스코|\blos angeles\b|\bsan francisco\b|\bPST\b|\bPDT\b|\bpacific time\b/i,
    'America/Los_Angeles',
  ],
  [/시카고|\bchicago\b|\bcentral time\b/i, 'America/Chicago'],
  [/파리|\bparis\b/i, 'Europe/Paris'],
  [/베를린|\bberlin\b/i, 'Europe/Berlin'],
  [/싱가포르|\bsingapore\b/i, 'Asia/Singapore'],
  [/홍콩|\bhong kong\b/i, 'Asia/Hong_Kong'],
  [/상하이|\bshanghai\b/i, 'Asia/Shanghai'],
  [/\bUTC\b|\bGMT\b|협정 ?세계시/i, 'UTC'],
];

/** Place names that also name a zone (ZONES above), as people write them. */
const KO_PLACES =
  '서울|부산|인천|한국|뉴욕|런던|영국|도쿄|일본|시드니|로스앤젤레스|엘에이|샌프란시스코|시카고|파리|베를린|싱가포르|홍콩|상하이';
const EN_PLACES =
  'seoul|busan|korea|new york|nyc|london|uk|tokyo|japan|sydney|los angeles|san francisco|chicago|paris|berlin|singapore|hong kong|shanghai';
/** A clock time in English ("8am", "7:30 pm", "9 o'clock", "08:00"). */
const EN_CLOCK = String.raw`(?:\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)|\d{1,2}:\d\d|noon|midnight)`;
const KO_DAY = '[월화수목금토일]';
const EN_DAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';

/**
 * The parts of a message that only say when or where, removed before looking
 * for a goal. A place only counts as "where" when it is marked as a zone
 * ("서울 시간으로", "New York time", "at 8am in London"); a bare place is part
 * of the topic ("한국 IT 뉴스", "Tokyo weather") and stays. Order matters:
 * zone phrases go before the times they lean on, ranges before single days.
 */
const SCHEDULE_WORDS: RegExp[] = [
  new RegExp(`(${KO_PLACES})\\s*(?:(?:시간|시각)\\s*(?:기준)?|기준)\\s*(?:으로|로|에)?`, 'g'),
  new RegExp(`(?:\\b(?:in|on)\\s+)?\\b(?:${EN_PLACES})\\s+(?:time\\s*zone|timezone|time)\\b`, 'gi'),
  // "at 8am in London", "in London at 8am": the place says where the clock is.
  new RegExp(`(?<=${EN_CLOCK}\\s*,?\\s*)\\b(?:in|for)\\s+(?:${EN_PLACES})\\b`, 'gi'),
  new RegExp(`\\b(?:in|for)\\s+(?:${EN_PLACES})\\b(?=\\s*,?\\s*(?:at\\s+)?${EN_CLOCK})`, 'gi'),
  /(?:\b(?:in|at)\s+)?\b(utc|gmt|kst|est|edt|pst|pdt|jst|bst)\b(\s+time)?/gi,
  /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b(\s+time)?/g,
  /\b(time ?zone|timezone)\b/gi,
  new RegExp(`(?<![가-힣\\d])${KO_DAY}(?:요일)?\\s*(?:~|-|–|부터)\\s*${KO_DAY}(?:요일)?(?:까지)?(?:에|마다)?`, 'g'),
  new RegExp(`\\b(?:from\\s+)?${EN_DAY}\\s*(?:-|–|~|to|through|thru|until)\\s*${EN_DAY}\\b`, 'gi'),
  /(매일|매주|매월|매달|매시간|매 시간|날마다|주마다|시간마다|\d+\s*분마다|평일|주말)(에|마다)?/g,
  /(오전|오후|아침|저녁|밤|새벽|낮)?\s*\d{1,2}\s*시\s*(반|\d{1,2}\s*분)?(에|마다|쯤|경)?/g,
  /[월화수목금토일]요일(마다|에|과|와|,)?/g,
  /\d{1,2}\s*일(에|마다)?(?!요)/g,
  /(정오|자정|말일)(에)?/g,
  /(?:\b(?:at|around|by|about)\s+)?\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)/gi,
  /(?:\b(?:at|around|by|about)\s+)?\b\d{1,2}:\d{2}\b/g,
  /(?:\b(?:at|around|by)\s+)?\b(noon|midnight)\b/gi,
  /\b(every|each)\s+(\d+\s+)?(day|week|month|hour|minute|minutes|morning|evening|night|weekday|weekend)s?\b/gi,
  /\b(daily|weekly|monthly|hourly|weekdays?|weekends?|tonight|tomorrow)\b/gi,
  /\b((every|each|on|this|next)\s+)?((mon|tues?|wed|thu(rs)?|fri)(day)?s?|(satur|sun)days?)\b/gi,
  /\b(on the )?\d{1,2}(st|nd|rd|th)( of (the|each|every) month)?\b/gi,
  /\b(in|at)\s+(the\s+)?(morning|evening|afternoon)\b/gi,
];

/** Bare place names: they stay in a goal, but a message that is nothing else has no goal ("서울", "London please"). */
const PLACE_ONLY = new RegExp(`(${KO_PLACES})|\\b(${EN_PLACES})\\b`, 'gi');

const EN_STOP = new Set(
  (
    'a an the and or but to of for on at in by with from it its this that these those is are be was were i me my ' +
    'we our you your please can could would will should want wanted like need let lets just also then so ok okay ' +
    'yes yeah yep no nope sure thanks thank hi hello hey great good fine perfect sounds change make set move run ' +
    'runs running instead time times schedule scheduled agent do does done start send sends sending me us around ' +
    'about every each day week month hour am pm there here what when how which who why any some more less one it’s'
  ).split(' '),
);

const KO_STOP =
  /(안녕하세요|안녕|네|예|응|좋아요|좋아|좋습니다|감사합니다|고마워요|고마워|괜찮아요|그래요|그래|맞아요|맞아|바꿔\s*줘|바꿔\s*주세요|바꿔|변경해\s*주세요|변경|해\s*주세요|해\s*줘|해줘|주세요|으로|에게|에서|부터|까지|시간|기준|실행|정도|쯤|에|로|는|은|이|가|을|를|도|요|좀|그리고)/g;

/** What a single message says about schedule, zone and goal. */
export function understand(text: string): Facts {
  const facts: Facts = {};
  const lower = text.toLowerCase();

  const days = weekdaysIn(text);
  if (days.length) facts.daysOfWeek = days;

  const minutes = /(\d{1,2})\s*분마다|every\s+(\d{1,2})\s+minutes?/i.exec(text);
  if (minutes) {
    const n = Number(minutes[1] ?? minutes[2]);
    if (n >= 1 && n <= 59) {
      facts.frequency = 'cron';
      facts.cron = n === 1 ? '* * * * *' : `*/${n} * * * *`;
    }
  } else if (/매\s?시간|시간마다|every hour|hourly|each hour/.test(lower)) facts.frequency = 'hourly';
  else if (/매월|매달|every month|monthly|each month|of the month/.test(lower)) facts.frequency = 'monthly';
  else if (/평일|weekdays?\b/.test(lower)) {
    facts.frequency = 'weekly';
    facts.daysOfWeek = [1, 2, 3, 4, 5];
  } else if (/주말|weekends?\b/.test(lower)) {
    facts.frequency = 'weekly';
    facts.daysOfWeek = [6, 7];
  } else if (/매주|every week|weekly|each week|주마다/.test(lower) || days.length) facts.frequency = 'weekly';
  else if (/매일|날마다|every ?day|daily|each day|every (morning|evening|night)/.test(lower)) facts.frequency = 'daily';

  const dayOfMonth = dayOfMonthIn(text);
  if (dayOfMonth !== undefined) {
    facts.dayOfMonth = dayOfMonth;
    facts.frequency ??= 'monthly';
  }

  const time = timeIn(text);
  if (time) facts.time = time;
  else if (facts.frequency === 'hourly') {
    const minute = /(\d{1,2})\s*분|at\s*:(\d{2})|(\d{1,2})\s+minutes past/i.exec(text);
    if (minute) facts.time = `00:${pad(Number(minute[1] ?? minute[2] ?? minute[3]) % 60)}`;
  }

  if (/on demand|manually|only when i (ask|run)|no schedule|직접 실행|수동|필요할 때만|내가 실행할 때/i.test(text)) {
    facts.onDemand = true;
  }

  const zone = zoneIn(text);
  if (zone) facts.timezone = zone;

  const goal = goalIn(text);
  if (goal) facts.goal = goal;
  return facts;
}

/** Weekdays named in the text, sorted (월요일/Monday → 1). */
export function weekdaysIn(text: string): number[] {
  const days = new Set<number>();
  for (const m of text.matchAll(/([월화수목금토일])요일/g)) days.add(KO_DAYS[m[1] as string] as number);
  // "월, 수, 금요일" / "월수금": a run of day letters ending in 요일.
  for (const m of text.matchAll(/((?:[월화수목금토일]\s*[,·/]?\s*){2,})요일/g)) {
    for (const ch of (m[1] as string).replace(/[\s,·/]/g, '')) days.add(KO_DAYS[ch] as number);
  }
  for (const [re, day] of EN_DAYS) if (re.test(text)) days.add(day);
  for (const [from, to] of dayRanges(text)) {
    // 금~월 wraps over the weekend: Friday, Saturday, Sunday, Monday.
    for (let d = from; d !== to; d = (d % 7) + 1) days.add(d);
    days.add(to);
  }
  return [...days].sort((a, b) => a - b);
}

const KO_RANGE = /(?<![가-힣\d])([월화수목금토일])(?:요일)?\s*(?:~|-|–|부터)\s*([월화수목금토일])(?:요일)?/g;
const EN_RANGE =
  /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:-|–|~|to|through|thru|until)\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/gi;
const EN_DAY_NUMBER: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Weekday ranges ("월~금", "월요일부터 금요일까지", "Monday to Friday", "Mon-Fri") as [first, last]. */
function dayRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(KO_RANGE)) {
    ranges.push([KO_DAYS[m[1] as string] as number, KO_DAYS[m[2] as string] as number]);
  }
  for (const m of text.matchAll(EN_RANGE)) {
    const from = EN_DAY_NUMBER[(m[1] as string).toLowerCase()];
    const to = EN_DAY_NUMBER[(m[2] as string).toLowerCase()];
    if (from && to) ranges.push([from, to]);
  }
  return ranges;
}

/** The time of day in the text as `HH:MM`, or undefined. */
export function timeIn(text: string): string | undefined {
  if (/정오|\bnoon\b/i.test(text)) return '12:00';
  if (/자정|\bmidnight\b/i.test(text)) return '00:00';

  const ko = /(오전|오후|아침|저녁|밤|새벽|낮)?\s*(\d{1,2})\s*시\s*(반|(\d{1,2})\s*분)?/.exec(text);
  if (ko) {
    let hour = Number(ko[2]);
    const minute = ko[3] === '반' ? 30 : Number(ko[4] ?? 0);
    const part = ko[1];
    if ((part === '오후' || part === '저녁' || part === '밤') && hour < 12) hour += 12;
    if (part === '낮' && hour < 6) hour += 12;
    if ((part === '오전' || part === '새벽') && hour === 12) hour = 0;
    if (part === '밤' && hour === 24) hour = 0;
    if (hour <= 23 && minute <= 59) return `${pad(hour)}:${pad(minute)}`;
  }

  const en = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)/i.exec(text);
  if (en) {
    let hour = Number(en[1]);
    const minute = Number(en[2] ?? 0);
    const pm = (en[3] as string).toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
    if (hour <= 23 && minute <= 59) return `${pad(hour)}:${pad(minute)}`;
  }

  const clock = /\b(\d{1,2}):(\d{2})\b/.exec(text);
  if (clock) {
    let hour = Number(clock[1]);
    const minute = Number(clock[2]);
    if (hour < 12 && /(evening|night|afternoon|저녁|밤|오후)/i.test(text)) hour += 12;
    if (hour <= 23 && minute <= 59) return `${pad(hour)}:${pad(minute)}`;
  }

  const oclock = /\b(?:at\s+)?(\d{1,2})\s*o'?clock\b|\bat\s+(\d{1,2})\b(?!\s*(?:st|nd|rd|th|%|:))/i.exec(text);
  if (oclock) {
    let hour = Number(oclock[1] ?? oclock[2]);
    if (hour < 12 && /(evening|night|afternoon)/i.test(text)) hour += 12;
    if (hour <= 23) return `${pad(hour)}:00`;
  }
  return undefined;
}

function dayOfMonthIn(text: string): number | undefined {
  if (/말일|last day of (the|each|every) month/i.test(text)) return 31;
  if (/first day of (the|each|every) month|매월 초/i.test(text)) return 1;
  const ko = /(?:매월|매달)\s*(\d{1,2})\s*일(?!요)/.exec(text);
  const en = /\b(?:on the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/i.exec(text);
  const day = Number(ko?.[1] ?? en?.[1]);
  return day >= 1 && day <= 31 ? day : undefined;
}

/** The IANA zone a text names (a city, a country, an abbreviation or the name itself). */
export function zoneIn(text: string): string | undefined {
  for (const [re, zone] of ZONES) {
    const m = re.exec(text);
    if (!m) continue;
    if (zone !== '$1') return zone;
    const named = m[1] as string;
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: named }).resolvedOptions().timeZone;
    } catch {
      // Looked like Area/City but is not a zone this runtime knows; keep looking.
    }
  }
  return undefined;
}

/** The text without its schedule words, when what is left reads like a task. */
export function goalIn(text: string): string | undefined {
  let rest = text;
  for (const re of SCHEDULE_WORDS) rest = rest.replace(re, ' ');
  rest = rest
    .replace(/\s+/g, ' ')
    // Prepositions orphaned by the removals above ("at 08:00 in London" → "at in").
    .replace(/\b(at|in|on|every|each|by|around)\b(?=\s*(?:[,.;!?]|$|\b(?:at|in|on|every|each|by|around)\b))/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?])/g, '$1')
    .replace(/^[\s,.!?;:-]+|[\s,;:-]+$/g, '')
    .trim();
  if (!rest) return undefined;
  // A goal needs some words besides places: "서울" or "London please" only answer where.
  const withoutPlaces = rest.replace(PLACE_ONLY, ' ');
  if (detectLocale(rest) === 'ko') {
    const content = (t: string) => t.replace(KO_STOP, '').replace(/[^\uAC00-\uD7A3A-Za-z]/g, '').length;
    return content(rest) >= 3 && content(withoutPlaces) >= 2 ? rest : undefined;
  }
  const words = (t: string) =>
    t
      .toLowerCase()
      .split(/[^a-z0-9'’]+/)
      .filter((w) => w.length > 1 && !EN_STOP.has(w)).length;
  return words(rest) >= 2 && words(withoutPlaces) >= 1 ? rest : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
