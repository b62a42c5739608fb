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
import { afterToolResult } from './corrections';
import { deliveriesIn, deliveriesOf, namesAddress, type OfflineDelivery } from './deliveries';
import { nameFor, taskPhrase } from './naming';
import { type OfflineReply, offlineNote, PROPOSE_TOOL, say } from './reply';

export { type OfflineReply, offlineNote, PROPOSE_TOOL };

import {
  blocksOf,
  type DesignerContextJson,
  designerContext,
  type OfflineRequest,
  type RequestMessage,
  stableHash,
  systemText,
  typedText,
} from './request';
import { type Facts, understand } from './understand';
import { detailsQuestion, isDetailsQuestion, isVagueNews, topicTask } from './vague-goal';

type DraftSchedule = Schedule;

interface Draft {
  name: string;
  description: string;
  finalAgentPrompt: string;
  tools: string[];
  schedule: DraftSchedule | null;
  deliveries?: OfflineDelivery[];
  /** `workspace` when the goal needs files or packages (Claude Code in a workspace). */
  engine?: 'workspace';
}

/** Goals that need a workspace: files to download, charts, packages. */
const WORKSPACE_GOAL = /chart|graph|plot|csv|spreadsheet|excel|file|pandas|차트|그래프|엑셀|파일|시각화/i;

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
  /** The task names news but not which (a question about topic, sources and form comes first, once). */
  needsDetails: boolean;
  /** Where results go: what the draft had, plus what the person named since. */
  deliveries: OfflineDelivery[];
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
    // "Send it to me@example.com" says where results go, not what the agent does.
    if (namesAddress(text) && deliveriesIn(text).length > 0) continue;
    const said = understand(text);
    if (said.goal && !goals.includes(said.goal)) goals.push(said.goal);
    if (said.frequency || said.daysOfWeek || said.time || said.dayOfMonth) facts.onDemand = false;
    for (const [key, value] of Object.entries(said)) {
      if (key !== 'goal' && value !== undefined) (facts as Record<string, unknown>)[key] = value;
    }
  }
  // Editing a saved agent: what the person says refines it rather than replacing its task.
  const editing = Boolean(context.editingAgentId && base);
  let goal = editing ? undefined : goals[0];
  let extras = editing ? goals : goals.slice(1);
  let needsDetails = false;
  if (goal && isVagueNews(taskPhrase(goal, detectLocale(goal)))) {
    const answer = answerToDetails(messages);
    if (answer === undefined) needsDetails = true;
    else if (answer) {
      // The answer names the topic (the task and the name) and the sources and form (the prompt).
      const details = understand(answer).goal ?? answer;
      goal = topicTask(details, detectLocale(details));
      extras = [details, ...extras.filter((e) => e !== details)];
    }
  }
  return {
    goal,
    extras,
    basePrompt: base,
    facts,
    timezone: facts.timezone ?? context.userTimezone ?? undefined,
    zoneAsked: messages.some((m) => m.role === 'assistant' && isZoneQuestion(typedText(m))),
    needsDetails,
    deliveries: deliveriesOf(userTexts, (base?.deliveries as OfflineDelivery[] | undefined) ?? []),
  };
}

/** What the person said after the question about which news: undefined if it was not asked, '' if not answered yet. */
function answerToDetails(messages: RequestMessage[]): string | undefined {
  const asked = messages.findIndex((m) => m.role === 'assistant' && isDetailsQuestion(typedText(m)));
  if (asked < 0) return undefined;
  const answer = messages.slice(asked + 1).find((m) => m.role === 'user' && typedText(m).length > 0);
  return answer ? typedText(answer) : '';
}

type Missing = 'goal' | 'details' | 'when' | 'day' | 'time' | 'zone';

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
  // Which news, from where, in what form: asked on its own, before when.
  if (plan.needsDetails) return ['details'];
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
  if (missing.includes('details')) return detailsQuestion(locale);
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
  const deliveries = plan.deliveries.length ? { deliveries: plan.deliveries } : {};
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
      ...deliveries,
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
    ...deliveries,
    ...(WORKSPACE_GOAL.test(allText) ? { engine: 'workspace' as const } : {}),
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

function isDraft(value: unknown): value is Draft {
  return Boolean(value && typeof value === 'object' && typeof (value as Draft).finalAgentPrompt === 'string');
}

function sameDraft(a: Record<string, unknown>, b: Draft): boolean {
  const pick = (d: Record<string, unknown>) =>
    JSON.stringify([
      d.name,
      d.finalAgentPrompt,
      d.tools,
      normaliseSchedule(d.schedule as DraftSchedule | null),
      ((d.deliveries as unknown[] | undefined) ?? []).map((x) => JSON.stringify(x)),
    ]);
  return pick(a) === pick(b as unknown as Record<string, unknown>);
}

function normaliseSchedule(s: DraftSchedule | null | undefined): unknown {
  if (!s) return null;
  return [s.frequency, s.time, s.daysOfWeek ?? null, s.dayOfMonth ?? null, s.cron ?? null, s.timezone];
}
