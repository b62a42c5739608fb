/**
 * A task too vague to build well: "뉴스 요약해줘", "summarise the news". A real
 * designer asks which news, from which sources and in what form before it asks
 * when; the offline stand-in does the same, once, and then names the agent after
 * the topic the person gave ("일간 국내 IT 뉴스 요약", "Daily Korean tech news summary").
 */
import type { Locale } from '@agent-platform/core/locale';

/** The opening of the question, in both languages: it also tells that the question was asked. */
export const DETAILS_QUESTION = {
  ko: '어떤 뉴스를 요약할까요?',
  en: 'Which news should it summarise?',
} as const;

const VAGUE_KO =
  /^(?:(?:오늘|요즘|최신|최근|주요|전체|여러)\s*)?(?:뉴스|소식|기사|헤드라인)(?:을|를)?\s*(?:요약|정리|브리핑)?$/;
const VAGUE_EN =
  /^(?:(?:summari[sz]e|summary of|digest of|brief me on|recap)\s+)?(?:(?:the|today['’]s|the latest|latest|recent|top|all)\s+)*(?:news|headlines|stories)(?:\s+(?:summary|digest|briefing|roundup))?$/i;

/** True for a task that names news but no topic. */
export function isVagueNews(task: string): boolean {
  const t = task.trim().replace(/[.!?。]+$/, '');
  return VAGUE_KO.test(t) || VAGUE_EN.test(t);
}

/** True when this text is the designer's question about which news. */
export function isDetailsQuestion(text: string): boolean {
  return text.includes(DETAILS_QUESTION.ko) || text.includes(DETAILS_QUESTION.en);
}

/** The question: topic, sources and form, and that "when" comes next. */
export function detailsQuestion(locale: Locale): string {
  return locale === 'ko'
    ? [
        `${DETAILS_QUESTION.ko} 좋은 요약을 만들려면 몇 가지가 필요해요.`,
        '1. 주제나 분야: 예) 국내 IT, 반도체 업계, 미국 증시',
        '2. 참고할 출처: 예) 연합뉴스, 전자신문, 특정 사이트 (없으면 믿을 만한 곳을 골라 쓸게요)',
        '3. 받고 싶은 형태: 예) 핵심 5줄, 기사마다 한 줄 요약과 링크, 표',
        '언제 실행할지는 그다음에 여쭤볼게요.',
      ].join('\n')
    : [
        `${DETAILS_QUESTION.en} A good summary needs a few things:`,
        '1. The topic or field: e.g. Korean tech, the chip industry, US markets',
        '2. Sources to use: e.g. Reuters, TechCrunch, a particular site (otherwise I will pick reliable ones)',
        '3. The form you want: e.g. five key bullets, one line per story with its link, a table',
        'I will ask when it should run after that.',
      ].join('\n');
}

/**
 * The task as the answer's topic gives it: its first part ("국내 IT와 AI 뉴스, 연합뉴스에서,
 * 5줄로" → "국내 IT와 AI 뉴스 요약"; "Korean tech, from Reuters" → "Korean tech news summary").
 */
export function topicTask(answer: string, locale: Locale): string {
  const first = (answer.split(/[,，、\n;]|\s(?:and then|from|에서)\s/)[0] ?? answer)
    .replace(/^\s*(?:1[.)]\s*)?/, '')
    .replace(/(?:을|를|이요|요)$/, '')
    .trim();
  if (locale === 'ko') {
    const topic = /(뉴스|소식|기사)$/.test(first) ? first : `${first} 뉴스`;
    return `${topic} 요약`;
  }
  const topic = /\b(news|headlines|stories)$/i.test(first) ? first : `${first} news`;
  return `${topic} summary`;
}
