/**
 * The offline designer: a deterministic stand-in for Claude in the chat. It
 * reads every message the person wrote, asks for what is still missing (what
 * to do, when), and then calls `propose_agent` with a draft the shared agent
 * schema accepts. After the chat function answers the tool call it repeats the
 * summary it was given (schedule in words, next runs, cost). Every reply says
 * it is the offline stand-in.
 */
import type { Schedule } from '@agent-platform/core/agent';
import { detectLocale, type Locale } from '@agent-platform/core/locale';
import type { Frequency } from '@agent-platform/core/schedule';
import type { ApiContentBlock } from '../messages-api/encode';
import {
  blocksOf,
  type DesignerContextJson,
  designerContext,
  type OfflineRequest,
  type RequestBlock,
  type RequestMessage,
  stableHash,
  systemText,
  toolResultText,
  typedText,
} from './request';
import { type Facts, understand } from './understand';

export const PROPOSE_TOOL = 'propose_agent';

/** The stand-in's own reply: content blocks and why it stopped. */
export interface OfflineReply {
  content: ApiContentBlock[];
  stop_reason: 'end_turn' | 'tool_use';
}

/** The note that opens every reply, so nobody mistakes the stand-in for Claude. */
export function offlineNote(locale: Locale): string {
  return locale === 'ko'
    ? '(오프라인 대체 모델의 답변입니다: ANTHROPIC_API_KEY가 없어 Claude 대신 규칙 기반 설계 도우미가 응답합니다.)'
    : '(Offline stand-in: no ANTHROPIC_API_KEY is set, so a rule-based designer is answering instead of Claude.)';
}

type DraftSchedule = Schedule;

interface Draft {
  name: string;
  description: string;
  finalAgentPrompt: string;
  tools: string[];
  schedule: DraftSchedule | null;
}

/** One designer turn of the stand-in. */
export function designerReply(body: OfflineRequest): OfflineReply {
  const messages = body.messages ?? [];
  const context = designerContext(systemText(body));
  const userTexts = messages.filter((m) => m.role === 'user').map(typedText);
  const lastTyped = [...userTexts].reverse().find((t) => t.length > 0) ?? '';
  const locale = detectLocale(lastTyped);

  const last = messages[messages.length - 1];
  const result = last?.role === 'user' ? blocksOf(last).find((b) => b.type === 'tool_result') : undefined;
  if (result) return afterToolResult(messages, result, locale);

  const plan = planFrom(userTexts, context, messages);
  const lastFacts = understand(typedText(last ?? { role: 'user', content: '' }));
  const missing = missingPieces(plan);
  if (missing.length) return say(locale, askFor(missing, plan, locale));

  const draft = buildDraft(plan, locale);
  // Asked once which zone and still none named: say which one the draft uses.
  const assumedUtc = !plan.timezone && draft.schedule && needsZone(plan.facts);
  const unchanged = context.currentDraft && sameDraft(context.currentDraft, draft);
  if (unchanged || (context.currentDraft && Object.keys(lastFacts).length === 0)) {
    return say(
      locale,
      locale === 'ko'
        ? '초안은 그대로입니다. 채팅에서 바로 테스트 실행하거나 저장할 수 있어요. 바꾸고 싶은 점(시간, 요일, 내용)을 말씀해 주셔도 됩니다.'
        : 'The draft stands as it is. You can test-run it or save it from the chat, or tell me what to change (time, day, what it does).',
    );
  }
  const utcNote = !assumedUtc
    ? ''
    : locale === 'ko'
      ? ' 시간대를 알 수 없어 UTC 기준으로 잡았어요. 도시를 말씀해 주시면 바꿀게요.'
      : ' I could not tell the time zone, so it uses UTC; name a city to change it.';
  const intro =
    locale === 'ko'
      ? `좋아요. “${draft.name}” 에이전트 초안을 만들었어요.${utcNote} 일정과 예상 비용을 확인해 드릴게요.`
      : `Here is a draft for “${draft.name}”.${utcNote} Let me check the schedule and the likely cost.`;
  return {
    content: [
      { type: 'text', text: `${offlineNote(locale)}\n\n${intro}` },
      { type: 'tool_use', id: `toolu_offline_${stableHash(JSON.stringify(draft))}`, name: PROPOSE_TOOL, input: draft },
    ],
    stop_reason: 'tool_use',
  };
}

/** What the person asked for, gathered over the whole conversation (later words win). */
interface Plan {
  goal?: string;
  extras: string[];
  basePrompt?: Draft;
  facts: Facts;
  /** The zone the person named, else the one their client sent; none when neither. */
  timezone?: string;
  /** The designer already asked which time zone (it asks only once). */
  zoneAsked: boolean;
}

function planFrom(userTexts: string[], context: DesignerContextJson, messages: RequestMessage[]): Plan {
  const base = isDraft(context.currentDraft) ? context.currentDraft : undefined;
  const facts: Facts = {};
  if (base?.schedule) {
    const s = base.schedule;
    Object.assign(facts, {
      frequency: s.frequency,
      time: s.time,
      daysOfWeek: s.daysOfWeek,
      dayOfMonth: s.dayOfMonth,
      cron: s.cron,
      timezone: s.timezone,
    });
  } else if (base) facts.onDemand = true;

  const goals: string[] = [];
  for (const text of userTexts) {
    const said = understand(text);
    if (said.goal && !goals.includes(said.goal)) goals.push(said.goal);
    if (said.frequency || said.daysOfWeek || said.time || said.dayOfMonth) facts.onDemand = false;
    for (const [key, value] of Object.entries(said)) {
      if (key !== 'goal' && value !== undefined) (facts as Record<string, unknown>)[key] = value;
    }
  }
  // Editing a saved agent: what the person says refines it rather than replacing its task.
  const editing = Boolean(context.editingAgentId && base);
  return {
    goal: editing ? undefined : goals[0],
    extras: editing ? goals : goals.slice(1),
    basePrompt: base,
    facts,
    timezone: facts.timezone ?? context.userTimezone ?? undefined,
    zoneAsked: messages.some((m) => m.role === 'assistant' && isZoneQuestion(typedText(m))),
  };
}

type Missing = 'goal' | 'when' | 'day' | 'time' | 'zone';

/** Whether the schedule runs at a wall-clock time, which means nothing without a zone. */
function needsZone(f: Facts): boolean {
  return !f.onDemand && f.time !== undefined && f.frequency !== 'hourly' && f.frequency !== 'cron';
}

/** The question asked when a time has no zone, in both languages; its opening tells that it was asked. */
const ZONE_QUESTION = {
  ko: '어느 지역 시간 기준으로',
  en: 'Which time zone',
} as const;

function isZoneQuestion(text: string): boolean {
  return text.includes(ZONE_QUESTION.ko) || text.includes(ZONE_QUESTION.en);
}

function missingPieces(plan: Plan): Missing[] {
  const missing: Missing[] = [];
  if (!plan.goal && !plan.basePrompt) missing.push('goal');
  const f = plan.facts;
  if (f.onDemand) return missing;
  if (!f.frequency && !f.time) missing.push('when');
  else if (f.frequency === 'weekly' && !f.daysOfWeek?.length) missing.push('day');
  else if (f.frequency !== 'hourly' && f.frequency !== 'cron' && !f.time) missing.push('time');
  // No zone from the person or their client: ask once rather than silently assume UTC.
  else if (needsZone(f) && !plan.timezone && !plan.zoneAsked) missing.push('zone');
  return missing;
}

function askFor(missing: Missing[], plan: Plan, locale: Locale): string {
  const ko = locale === 'ko';
  const zone = plan.timezone;
  if (missing.includes('goal') && missing.includes('when')) {
    return ko
      ? '어떤 일을 하는 에이전트가 필요하신가요? 그리고 언제 실행할까요? 예: “매주 월요일 오전 8시에 주간 주식 시장 요약을 보내줘”.'
      : 'What should the agent do, and when should it run? For example: “every Monday at 8am, a weekly stock market summary”.';
  }
  if (missing.includes('goal')) {
    return ko
      ? '일정은 알겠어요. 에이전트가 매번 무엇을 하면 될까요? 예: “AI 업계 뉴스 요약”, “서울 날씨와 옷차림 추천”.'
      : 'Got the timing. What should the agent do each time? For example: “summarise AI industry news” or “Seoul weather and what to wear”.';
  }
  const goal = plan.goal ?? plan.basePrompt?.name ?? '';
  if (missing.includes('when')) {
    return ko
      ? `“${goal}” 에이전트를 만들게요. 언제 실행할까요? 예: “매일 오전 8시”, “매주 월요일 9시”, “직접 실행할 때만”.${zone ? ` 시간대는 ${zone} 기준으로 잡을게요(다른 도시를 말씀하셔도 됩니다).` : ''}`
      : `I'll build an agent for “${goal}”. When should it run? For example “every day at 8am”, “every Monday at 9:00”, or “only when I run it”.${zone ? ` I'll use the ${zone} time zone unless you name another city.` : ''}`;
  }
  if (missing.includes('day')) {
    return ko
      ? '매주 무슨 요일에 실행할까요? (예: 월요일, 평일)'
      : 'Which day of the week should it run? (e.g. Monday, weekdays)';
  }
  if (missing.includes('time')) {
    return ko
      ? `몇 시에 실행할까요? (예: 오전 8시, 저녁 7시 반)${zone ? ` 시간대는 ${zone} 기준입니다.` : ''}`
      : `What time should it run? (e.g. 8am, 7:30pm)${zone ? ` The time zone is ${zone}.` : ''}`;
  }
  const time = plan.facts.time ?? '';
  return ko
    ? `${ZONE_QUESTION.ko} ${time}에 실행할까요? 도시나 시간대를 알려 주세요. 예: “서울”, “뉴욕”, “런던”, “UTC”.`
    : `${ZONE_QUESTION.en} should ${time} be in? Name a city or zone, e.g. “Seoul”, “New York”, “London” or “UTC”.`;
}

function buildDraft(plan: Plan, locale: Locale): Draft {
  const base = plan.basePrompt;
  const goal = plan.goal;
  const f = plan.facts;
  const schedule = f.onDemand ? null : buildSchedule(f, plan.timezone ?? 'UTC');
  if (!goal && base) {
    const extras = plan.extras.filter((e) => !base.finalAgentPrompt.includes(e));
    return {
      ...base,
      finalAgentPrompt: extras.length
        ? `${base.finalAgentPrompt}\n\n${locale === 'ko' ? '추가 요청' : 'Also'}:\n${extras.map((e) => `- ${e}`).join('\n')}`.slice(
            0,
            20_000,
          )
        : base.finalAgentPrompt,
      schedule,
    };
  }
  const task = taskPhrase(goal ?? '', locale);
  const allText = [task, ...plan.extras].join(' ');
  return {
    name: nameFor(task, f.onDemand ? undefined : f.frequency, locale, f.daysOfWeek),
    description: task.slice(0, 300),
    finalAgentPrompt: promptFor(task, plan.extras, locale),
    tools: toolsFor(allText),
    schedule,
  };
}

function buildSchedule(f: Facts, timezone: string): DraftSchedule {
  const frequency: Frequency = f.frequency ?? (f.daysOfWeek?.length ? 'weekly' : 'daily');
  // The schema wants exactly the fields of the frequency: cron has no time, only weekly has days.
  if (frequency === 'cron') return { frequency, cron: f.cron ?? '0 * * * *', timezone };
  const schedule: DraftSchedule = { frequency, time: f.time ?? '00:00', timezone };
  if (frequency === 'hourly') schedule.time = `00:${(f.time ?? '00:00').slice(3)}`;
  if (frequency === 'weekly') schedule.daysOfWeek = f.daysOfWeek?.length ? f.daysOfWeek : [1];
  if (frequency === 'monthly') schedule.dayOfMonth = f.dayOfMonth ?? 1;
  return schedule;
}

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
    return goal
      .replace(/[.!?。]+$/, '')
      .replace(
        /\s*(을|를)?\s*(보내\s*줘|보내\s*주세요|알려\s*줘|알려\s*주세요|만들어\s*줘|만들어\s*주세요|정리해\s*줘|정리해\s*주세요|요약해\s*줘|요약해\s*주세요|받고\s*싶어요?|원해요?|해\s*줘|해\s*주세요|주세요|줘)$/,
        '',
      )
      .trim();
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
    let core = task;
    if (cadence && !/(매일|매주|매월|매달|매시간|일간|주간|월간|평일|주말)/.test(core)) {
      core = `${KO_PREFIX[cadence]} ${core}`;
    }
    return truncateWords(core || '새 에이전트', 40);
  }
  let core = nounPhrase(task);
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
    if (object && object.split(/\s+/).length <= 6) return `${object} ${noun}`;
  }
  return task;
}

function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}

function promptFor(goal: string, extras: string[], locale: Locale): string {
  if (locale === 'ko') {
    return [
      `당신은 한 사람을 위해 정기적으로 실행되는 에이전트입니다. 할 일: ${goal}`,
      extras.length ? `추가 요청:\n${extras.map((e) => `- ${e}`).join('\n')}` : '',
      '실행할 때마다:',
      '1. 웹에서 이 주제의 가장 최신이고 믿을 만한 정보를 찾으세요(1차 출처 우선, 날짜 확인).',
      '2. 지난 실행 이후 새롭거나 중요한 것만 고르세요.',
      '3. 한국어 마크다운으로 간결하게 쓰세요: 한 줄 요약, 핵심 항목 3~7개, 링크가 달린 “출처” 목록.',
      '찾을 수 없는 정보는 추측하지 말고 찾지 못했다고 분명히 쓰세요.',
    ]
      .filter(Boolean)
      .join('\n');
  }
  return [
    `You are an agent that runs on a schedule for one person. Your task: ${goal}`,
    extras.length ? `Additional instructions:\n${extras.map((e) => `- ${e}`).join('\n')}` : '',
    'Each run:',
    '1. Search the web for the most recent, reliable information on the task (prefer primary sources; check dates).',
    '2. Keep only what is new or important since the last run.',
    '3. Write the result in English as concise markdown: a one-line headline, 3–7 bullet points, and a "Sources" list with links.',
    'If something cannot be found, say so plainly instead of guessing.',
  ]
    .filter(Boolean)
    .join('\n');
}

function toolsFor(text: string): string[] {
  const tools = ['web_search'];
  if (/https?:\/\/|\bsite\b|\bpage\b|\bblog\b|\brss\b|\bwebsite\b|사이트|페이지|블로그|링크/i.test(text))
    tools.push('web_fetch');
  if (/calculat|comput|chart|graph|statistic|analy[sz]|spreadsheet|계산|분석|차트|그래프|통계/i.test(text)) {
    tools.push('code_execution');
  }
  return tools;
}

/** Answering the chat function's reply to our `propose_agent` call. */
function afterToolResult(messages: RequestMessage[], result: RequestBlock, locale: Locale): OfflineReply {
  // The first block is the summary for the person; later ones are notes for the model.
  const text = toolResultText(result, { firstOnly: !result.is_error });
  if (!result.is_error) {
    const closing =
      locale === 'ko'
        ? '채팅에서 바로 테스트 실행해 결과를 보거나, 바꿀 점을 말씀하시거나, 저장하세요.'
        : 'You can test-run it from the chat to see a real result, ask me for changes, or save it.';
    // The same reply opened with the offline note already, one model call ago.
    return { content: [{ type: 'text', text: `${text}\n\n${closing}` }], stop_reason: 'end_turn' };
  }
  // A rejected draft: fix what the issues name, once; then explain instead of looping.
  const errorsInARow = countTrailingErrors(messages);
  const previous = lastProposal(messages);
  if (errorsInARow > 1 || !previous) {
    return say(
      locale,
      locale === 'ko'
        ? `초안이 검사를 통과하지 못했어요: ${text}\n표현을 조금 바꿔 다시 말씀해 주시겠어요?`
        : `The draft did not pass validation: ${text}\nCould you rephrase what you want?`,
    );
  }
  const fixed = repairDraft(previous, text);
  return {
    content: [
      {
        type: 'text',
        text: `${offlineNote(locale)}\n\n${locale === 'ko' ? '지적된 부분을 고친 초안입니다.' : 'Here is the draft with those issues fixed.'}`,
      },
      { type: 'tool_use', id: `toolu_offline_${stableHash(JSON.stringify(fixed))}`, name: PROPOSE_TOOL, input: fixed },
    ],
    stop_reason: 'tool_use',
  };
}

function countTrailingErrors(messages: RequestMessage[]): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as RequestMessage;
    if (m.role !== 'user') continue;
    const r = blocksOf(m).find((b) => b.type === 'tool_result');
    if (!r?.is_error) break;
    count++;
  }
  return count;
}

function lastProposal(messages: RequestMessage[]): Record<string, unknown> | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as RequestMessage;
    if (m.role !== 'assistant') continue;
    const call = blocksOf(m).find((b) => b.type === 'tool_use' && b.name === PROPOSE_TOOL);
    if (call?.input && typeof call.input === 'object') return call.input as Record<string, unknown>;
  }
  return undefined;
}

/** A conservative repair of the fields the validation issues name. */
function repairDraft(draft: Record<string, unknown>, issues: string): Record<string, unknown> {
  const out = structuredClone(draft);
  if (/\bname\b/.test(issues)) out.name = String(out.name ?? 'New agent').slice(0, 60) || 'New agent';
  if (/\bdescription\b/.test(issues)) out.description = String(out.description ?? '').slice(0, 300);
  if (/finalAgentPrompt/.test(issues)) {
    out.finalAgentPrompt = String(out.finalAgentPrompt ?? '').slice(0, 19_000) || 'Summarise the news of the day.';
  }
  if (/\btools\b/.test(issues)) out.tools = ['web_search'];
  if (/\bschedule\b/.test(issues) && out.schedule && typeof out.schedule === 'object') {
    const s = out.schedule as Record<string, unknown>;
    if (/schedule\.time/.test(issues)) s.time = '09:00';
    if (/schedule\.timezone/.test(issues)) s.timezone = 'UTC';
    if (/schedule\.daysOfWeek/.test(issues)) s.daysOfWeek = [1];
    if (/schedule\.dayOfMonth/.test(issues)) s.dayOfMonth = 1;
  }
  for (const field of ['name', 'description', 'finalAgentPrompt', 'tools', 'schedule', 'model']) {
    // Fields the schema does not know are dropped rather than argued about.
    if (new RegExp(`Unrecognized key[^\\n]*${field}`).test(issues)) delete out[field];
  }
  return out;
}

function say(locale: Locale, text: string): OfflineReply {
  return { content: [{ type: 'text', text: `${offlineNote(locale)}\n\n${text}` }], stop_reason: 'end_turn' };
}

function isDraft(value: unknown): value is Draft {
  return Boolean(value && typeof value === 'object' && typeof (value as Draft).finalAgentPrompt === 'string');
}

function sameDraft(a: Record<string, unknown>, b: Draft): boolean {
  const pick = (d: Record<string, unknown>) =>
    JSON.stringify([d.name, d.finalAgentPrompt, d.tools, normaliseSchedule(d.schedule as DraftSchedule | null)]);
  return pick(a) === pick(b as unknown as Record<string, unknown>);
}

function normaliseSchedule(s: DraftSchedule | null | undefined): unknown {
  if (!s) return null;
  return [s.frequency, s.time, s.daysOfWeek ?? null, s.dayOfMonth ?? null, s.cron ?? null, s.timezone];
}
