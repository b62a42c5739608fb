/**
 * Names the offline designer gives agents: the task as a noun phrase, led by
 * how often it runs ("Weekly tech news summary", "매주 기술 뉴스 요약").
 */
import type { Locale } from '@agent-platform/core/locale';
import type { Frequency } from '@agent-platform/core/schedule';

/** How often, as the first word of a name; Monday-to-Friday and weekend schedules say so. */
type Cadence = Frequency | 'weekdays' | 'weekends';
const EN_PREFIX: Record<Cadence, string> = {
  hourly: 'Hourly',
  daily: 'Daily',
  weekly: 'Weekly',
  weekdays: 'Weekday',
  weekends: 'Weekend',
  monthly: 'Monthly',
  cron: 'Regular',
};
const KO_PREFIX: Record<Cadence, string> = {
  hourly: '매시간',
  daily: '일간',
  weekly: '주간',
  weekdays: '평일',
  weekends: '주말',
  monthly: '월간',
  cron: '정기',
};

/** Words that keep their capital in the middle of a name: places, countries, nationalities. */
const PROPER_START =
  /^(?:Korean?|Japan(?:ese)?|China|Chinese|America(?:n)?|British|English|Europe(?:an)?|Asian?|French|German|Seoul|Busan|Tokyo|London|Paris|Berlin|Sydney|Chicago|Singapore|Shanghai|New York|Los Angeles|San Francisco|Hong Kong|Silicon Valley|Wall Street)\b/;

/** The task without request phrasing: "I want a summary of AI news" → "Summary of AI news". */
export function taskPhrase(goal: string, locale: Locale): string {
  if (locale === 'ko') {
    const asked = goal.replace(/[.!?。]+$/, '');
    // "뉴스를 요약해줘" is a summary of the news: the name keeps what is done ("뉴스 요약").
    const verb = /(요약|정리)\s*해\s*(?:줘|주세요)$/.exec(asked)?.[1];
    const core = asked
      .replace(
        /\s*(을|를)?\s*(보내\s*줘|보내\s*주세요|알려\s*줘|알려\s*주세요|만들어\s*줘|만들어\s*주세요|정리해\s*줘|정리해\s*주세요|요약해\s*줘|요약해\s*주세요|받고\s*싶어요?|원해요?|해\s*줘|해\s*주세요|주세요|줘)$/,
        '',
      )
      .trim();
    return verb && core && !core.endsWith(verb) ? `${core} ${verb}` : core;
  }
  let core = goal.replace(/[.!?]+$/, '').trim();
  const lead =
    /^(i(?:'d| would)?\s+(?:want|like|need)(?:\s+to\s+(?:get|have|receive))?|please|can you|could you|create|make|build|set up|give me|send me|get me|email me|an? agent (?:that|to|which)|to|a|an|the|me)\b[\s,:]*/i;
  for (let i = 0; i < 6 && lead.test(core); i++) core = core.replace(lead, '').trim();
  return core.charAt(0).toUpperCase() + core.slice(1);
}

/**
 * A short name from the task: `Weekly stock summary`, `주간 주식 시장 요약`,
 * `Weekday tech news summary` / `평일 환율` when it runs Monday to Friday.
 */
export function nameFor(task: string, frequency: Frequency | undefined, locale: Locale, daysOfWeek?: number[]): string {
  const days = frequency === 'weekly' ? [...new Set(daysOfWeek ?? [])].sort().join() : '';
  const cadence = days === '1,2,3,4,5' ? 'weekdays' : days === '6,7' ? 'weekends' : frequency;
  if (locale === 'ko') {
    let core = firstClauseKo(task);
    if (cadence && !/(매일|매주|매월|매달|매시간|일간|주간|월간|평일|주말)/.test(core)) {
      core = `${KO_PREFIX[cadence]} ${core}`;
    }
    return truncateWords(core || '새 에이전트', 40);
  }
  let core = nounPhrase(firstClauseEn(task));
  if (cadence && !/\b(daily|weekly|monthly|hourly|weekdays?|weekends?)\b/i.test(core)) {
    // "Summary of AI news" → "Weekly summary of AI news"; "AI news" and "Korean tech news" keep their capitals.
    // (a rephrased object keeps its own capitals: "Samsung Electronics stock price tracker")
    const lower =
      core === task && /^[A-Z][a-z]/.test(core) && !PROPER_START.test(core)
        ? core.charAt(0).toLowerCase() + core.slice(1)
        : core;
    core = `${EN_PREFIX[cadence]} ${lower}`;
  }
  core = core.charAt(0).toUpperCase() + core.slice(1);
  return truncateWords(core || 'New agent', 60);
}

const VERB_NOUNS: Array<[RegExp, string]> = [
  [/^(?:summari[sz]e|recap|digest)\s+/i, 'summary'],
  [/^(?:track|monitor|watch|follow)\s+/i, 'tracker'],
  [/^(?:find|collect|gather|compile|list|round up)\s+/i, 'roundup'],
  [/^(?:check|review)\s+/i, 'check'],
];
const TIME_WORDS =
  /^(?:(?:the|this)\s+(?:week|month|day)['’]s|today['’]s|yesterday['’]s|the latest|latest|recent|the|new)\s+/i;

/** "Summarise the week's tech news" → "tech news summary": a name reads as a noun, not an order. */
export function nounPhrase(task: string): string {
  for (const [verb, noun] of VERB_NOUNS) {
    if (!verb.test(task)) continue;
    let object = task.replace(verb, '');
    for (let i = 0; i < 3 && TIME_WORDS.test(object); i++) object = object.replace(TIME_WORDS, '');
    // "weather in New York" → "New York weather": the place leads, as in "New York weather check".
    object = object.replace(
      /^(.+?)\s+in\s+((?:[A-Z][\w'’-]*\s?){1,3})$/,
      (_, what: string, place: string) => `${place.trim()} ${what}`,
    );
    if (object && object.split(/\s+/).length <= 6) return `${object} ${noun}`;
  }
  return task;
}

/** A name needs only the first thing asked: "check the weather and tell me if…" → "check the weather". */
function firstClauseEn(task: string): string {
  const cut = task.split(/,\s+|\s+and\s+(?=(?:then\s+)?(?:tell|send|let|give|email|notify|remind|say|show)\b)/i)[0];
  return cut && cut.split(/\s+/).length >= 2 ? cut : task;
}

/** "서울 날씨를 확인하고 우산이 필요한지" → "서울 날씨 확인": the first thing asked, as a noun phrase. */
function firstClauseKo(task: string): string {
  const [first] = task.split(/(?:하고|하며|해서|한\s*뒤에?|한\s*다음)\s+/);
  if (!first || first === task) return task;
  return first.replace(/(을|를)\s+(?=\S+$)/, ' ').trim();
}

function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}
