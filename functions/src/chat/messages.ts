/**
 * What the designer's platform side says to people, in Korean and English:
 * status lines while a turn runs, and the notes it adds to a conversation.
 * (The designer's own words come from the model; validation messages from
 * `@agent-platform/core/agent`.)
 */
import type { Agent } from '@agent-platform/core/agent';
import type { StatusPhase } from '@agent-platform/core/chat';
import type { Locale } from '@agent-platform/core/locale';
import { describeScheduleOrManual, formatRunTime } from '@agent-platform/core/schedule';

type Catalogue<K extends string> = Record<K, Record<Locale, string>>;

export const STATUS_TEXT: Catalogue<StatusPhase> = {
  analysing: { en: 'Analysing the task…', ko: '작업을 분석하는 중…' },
  drafting: { en: 'Drafting the agent…', ko: '에이전트 초안을 만드는 중…' },
  checking: { en: 'Checking the schedule…', ko: '일정을 확인하는 중…' },
  correcting: { en: 'Correcting the draft…', ko: '초안을 고치는 중…' },
};

const TEXT: Catalogue<'tryAgain' | 'interrupted' | 'refusal' | 'replyCut'> = {
  tryAgain: {
    en: 'Please send your message again in a moment.',
    ko: '잠시 후 메시지를 다시 보내 주세요.',
  },
  interrupted: {
    en: 'This reply was interrupted before it finished. Please send your message again.',
    ko: '답변이 끝나기 전에 중단되었습니다. 메시지를 다시 보내 주세요.',
  },
  refusal: {
    en: 'The model declined this request. Try describing it differently.',
    ko: '모델이 이 요청을 돕지 않기로 했습니다. 다른 방식으로 말씀해 주세요.',
  },
  replyCut: {
    en: '(The reply was cut here: it grew longer than a message can hold.)',
    ko: '(답변이 메시지 하나에 담을 수 있는 길이를 넘어 여기서 잘렸습니다.)',
  },
};

/** A passing failure's message with the request to send again (nothing retries a chat turn by itself). */
export const tryAgainText = (message: string, locale: Locale): string => `${message} ${TEXT.tryAgain[locale]}`;
/** The error part of a reply whose turn died before it finished. */
export const interruptedText = (locale: Locale): string => TEXT.interrupted[locale];
/** The error part of a reply the model refused to give. */
export const refusalText = (locale: Locale): string => TEXT.refusal[locale];
/** The note that ends a reply cut at its size limit (reply.ts). */
export const replyCutText = (locale: Locale): string => TEXT.replyCut[locale];

/** The note a test run adds to the conversation. */
export function testRunStartedText(draftName: string, locale: Locale): string {
  return locale === 'ko'
    ? `“${draftName}” 초안을 한 번 테스트 실행합니다. 결과가 여기에 표시됩니다.`
    : `Test-running “${draftName}” once; the result will appear here.`;
}

/** The note saving a draft adds: the agent's name, its schedule in words and its next run. */
export function savedText(agent: Agent, locale: Locale): string {
  const when = describeScheduleOrManual(agent.schedule, locale);
  const next =
    agent.nextRunAt && agent.schedule
      ? formatRunTime(new Date(agent.nextRunAt), agent.schedule.timezone, locale)
      : null;
  if (locale === 'ko') {
    return `“${agent.name}” 에이전트를 저장했어요. 일정: ${when}.${next ? ` 다음 실행: ${next}.` : ''}`;
  }
  return `Saved the agent “${agent.name}”. Schedule: ${when}.${next ? ` Next run: ${next}.` : ''}`;
}
