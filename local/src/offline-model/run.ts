/**
 * The offline stand-in for an agent run: a plausible markdown result for the
 * agent's prompt, in the prompt's language, that says plainly it is a sample
 * written without Claude or the web.
 */

import { detectLocale, type Locale } from '@agent-platform/core/locale';
import { type OfflineRequest, stableHash, systemText, typedText } from './request';

/** The markdown a run of this request produces offline. */
export function runResult(body: OfflineRequest): string {
  const prompt = agentPrompt(body);
  const locale = detectLocale(prompt);
  const topic = topicOf(prompt, locale);
  const seed = Number.parseInt(stableHash(prompt).slice(0, 4), 36);
  return locale === 'ko' ? korean(topic, seed) : english(topic, seed);
}

/** The agent's instructions: the system text, else the first thing the user message says. */
function agentPrompt(body: OfflineRequest): string {
  const first = (body.messages ?? []).find((m) => m.role === 'user');
  const user = first ? typedText(first) : '';
  return [systemText(body), user].join('\n').trim();
}

/** A short topic phrase from the prompt (its stated task, else its first line). */
function topicOf(prompt: string, locale: Locale): string {
  const task = /(?:Your task|할 일)\s*[:：]\s*([^\n]+)/.exec(prompt)?.[1];
  const line = (task ?? prompt.split('\n').find((l) => l.trim().length > 0) ?? '').trim();
  const clean = line.replace(/[.。!?]+$/, '');
  if (!clean) return locale === 'ko' ? '요청하신 주제' : 'the requested topic';
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean;
}

function pick<T>(list: T[], seed: number, offset: number): T {
  return list[(seed + offset) % list.length] as T;
}

function english(topic: string, seed: number): string {
  const moves = ['rose', 'eased', 'held steady', 'picked up', 'slowed'];
  const pct = ((seed % 37) / 10 + 0.4).toFixed(1);
  return [
    `# ${topic}`,
    '',
    '> **Offline stand-in result.** No ANTHROPIC_API_KEY is set, so this sample was written by the local',
    '> stand-in model without Claude or the web. It shows the shape of a real result, not real facts.',
    '',
    `**Headline:** interest in ${topic.toLowerCase()} ${pick(moves, seed, 0)} this period (about ${pct}% by the sample measure).`,
    '',
    '## Highlights',
    `- The most discussed development ${pick(moves, seed, 1)} compared with the previous run.`,
    '- Two new sources covered the topic; both agree on the main trend.',
    `- One item to watch next time: a follow-up announcement expected in ${pick(['days', 'a week', 'two weeks'], seed, 2)}.`,
    '',
    '## Sources',
    '- Sample source A (offline placeholder)',
    '- Sample source B (offline placeholder)',
  ].join('\n');
}

function korean(topic: string, seed: number): string {
  const moves = ['상승했습니다', '다소 줄었습니다', '보합세였습니다', '늘었습니다', '둔화되었습니다'];
  const pct = ((seed % 37) / 10 + 0.4).toFixed(1);
  return [
    `# ${topic}`,
    '',
    '> **오프라인 대체 모델의 결과입니다.** ANTHROPIC_API_KEY가 없어 Claude나 웹 검색 없이 로컬 대체 모델이',
    '> 만든 예시입니다. 실제 결과의 형식을 보여줄 뿐, 실제 사실이 아닙니다.',
    '',
    `**한 줄 요약:** 이번 기간 “${topic}” 관련 관심도가 ${pick(moves, seed, 0)} (예시 지표 기준 약 ${pct}%).`,
    '',
    '## 핵심 내용',
    `- 가장 많이 언급된 소식은 지난 실행보다 ${pick(moves, seed, 1)}`,
    '- 새 출처 두 곳이 이 주제를 다뤘고, 둘 다 같은 흐름을 전합니다.',
    `- 다음에 지켜볼 점: ${pick(['며칠', '일주일', '2주'], seed, 2)} 안에 후속 발표가 예상됩니다.`,
    '',
    '## 출처',
    '- 예시 출처 A (오프라인 자리표시)',
    '- 예시 출처 B (오프라인 자리표시)',
  ].join('\n');
}
