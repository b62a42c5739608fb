/** What every reply of the offline designer is made of, and the note that opens it. */
import type { Locale } from '@agent-platform/core/locale';
import type { ApiContentBlock } from '../messages-api/encode';

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

/** A plain reply in the person's language, opened by the offline note. */
export function say(locale: Locale, text: string): OfflineReply {
  return { content: [{ type: 'text', text: `${offlineNote(locale)}\n\n${text}` }], stop_reason: 'end_turn' };
}
