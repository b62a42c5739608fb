/**
 * The template gallery's agents (docs/api.md "Templates"), each in Korean and
 * English. Every one must pass the agent schema as it is (a test parses each),
 * so a template started in the designer can be test-run and saved at once.
 * Schedules carry no zone here: the person's zone is filled in when a template
 * is started (templates/service.ts), UTC otherwise.
 */
import type { Schedule, ToolName } from '@agent-platform/core/agent';

/** One template's words in one language. */
interface TemplateText {
  title: string;
  description: string;
  /** The agent's name and its prompt. */
  name: string;
  prompt: string;
}

export interface TemplateSource {
  id: string;
  tools: ToolName[];
  schedule: Omit<Schedule, 'timezone'> | null;
  en: TemplateText;
  ko: TemplateText;
}

export const TEMPLATE_SOURCES: readonly TemplateSource[] = [
  {
    id: 'daily-news-brief',
    tools: ['web_search'],
    schedule: { frequency: 'daily', time: '08:00' },
    en: {
      title: 'Morning news brief',
      description: 'The five most important stories of the last day on a topic you choose, with links.',
      name: 'Morning news brief',
      prompt:
        'Search the web for the most important news of the last 24 hours about artificial intelligence.\n' +
        'Pick the five stories that matter most, preferring original reporting from reputable outlets.\n' +
        'For each: a bold headline, two sentences on what happened and why it matters, and the source link.\n' +
        'End with one line on the trend that connects them. Write in English, in markdown.',
    },
    ko: {
      title: '아침 뉴스 브리핑',
      description: '원하는 주제의 지난 하루 주요 뉴스 다섯 건을 링크와 함께 정리합니다.',
      name: '아침 뉴스 브리핑',
      prompt:
        '지난 24시간 동안의 인공지능 관련 주요 뉴스를 웹에서 검색하세요.\n' +
        '신뢰할 수 있는 언론의 원문 보도를 우선으로, 가장 중요한 다섯 건을 고르세요.\n' +
        '각 뉴스마다 굵은 제목, 무슨 일이 있었고 왜 중요한지 두 문장, 출처 링크를 적으세요.\n' +
        '마지막에 이 뉴스들을 잇는 흐름을 한 줄로 정리하세요. 한국어 마크다운으로 작성하세요.',
    },
  },
  {
    id: 'weekly-stock-summary',
    tools: ['web_search'],
    schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1] },
    en: {
      title: 'Weekly market summary',
      description: "Every Monday: last week's moves of the main indices and of the stocks you follow.",
      name: 'Weekly market summary',
      prompt:
        'Summarise last week on the stock market.\n' +
        '1. The weekly change of the S&P 500, Nasdaq Composite and KOSPI, with the closing levels.\n' +
        '2. For Apple, Microsoft and Samsung Electronics: the weekly change and the news that moved them.\n' +
        '3. The three events to watch this week (earnings, central banks, data releases).\n' +
        'Use a markdown table for the numbers, name your sources, and do not give investment advice.',
    },
    ko: {
      title: '주간 증시 요약',
      description: '매주 월요일, 주요 지수와 관심 종목의 지난주 움직임을 정리합니다.',
      name: '주간 증시 요약',
      prompt:
        '지난주 주식 시장을 요약하세요.\n' +
        '1. 코스피, 코스닥, S&P 500의 주간 등락률과 종가.\n' +
        '2. 삼성전자, SK하이닉스, 네이버의 주간 등락률과 움직임의 원인이 된 뉴스.\n' +
        '3. 이번 주에 주목할 일정 세 가지(실적 발표, 금리 결정, 경제 지표).\n' +
        '숫자는 마크다운 표로 정리하고 출처를 밝히세요. 투자 권유는 하지 마세요.',
    },
  },
  {
    id: 'commute-weather',
    tools: ['web_search'],
    schedule: { frequency: 'daily', time: '07:00' },
    en: {
      title: 'Commute weather',
      description: 'Before you leave: today’s weather, rain and air quality, and what to wear.',
      name: 'Commute weather',
      prompt:
        "Look up today's forecast for London.\n" +
        'Give the temperature in the morning and evening, the chance of rain by time of day, wind, and air quality.\n' +
        'Then one sentence of advice: umbrella, coat, mask or none. Keep it under 120 words.',
    },
    ko: {
      title: '출근길 날씨',
      description: '집을 나서기 전에 오늘 날씨, 비 소식, 미세먼지와 옷차림을 알려 줍니다.',
      name: '출근길 날씨',
      prompt:
        '서울의 오늘 날씨 예보를 찾아보세요.\n' +
        '아침과 저녁 기온, 시간대별 강수 확률, 바람, 미세먼지와 초미세먼지 등급을 알려 주세요.\n' +
        '마지막에 우산, 겉옷, 마스크가 필요한지 한 문장으로 조언하세요. 200자 안팎으로 짧게 쓰세요.',
    },
  },
  {
    id: 'competitor-watch',
    tools: ['web_search', 'web_fetch'],
    schedule: { frequency: 'weekly', time: '17:00', daysOfWeek: [5] },
    en: {
      title: 'Competitor watch',
      description: 'Every Friday: what your competitors announced, launched or changed this week.',
      name: 'Competitor watch',
      prompt:
        'Find what Notion, Coda and Airtable announced this week: product launches, pricing changes, funding, hires.\n' +
        'Read their blogs and changelogs and reputable press.\n' +
        'For each company, list the changes with dates and links; write "nothing new" when there was none.\n' +
        'End with the one change we should react to, and why.',
    },
    ko: {
      title: '경쟁사 동향',
      description: '매주 금요일, 경쟁사가 이번 주에 발표하거나 바꾼 것을 모아 봅니다.',
      name: '경쟁사 동향',
      prompt:
        '이번 주 토스, 카카오페이, 네이버페이가 발표한 내용을 찾아보세요: 새 기능, 요금 변경, 투자 유치, 제휴.\n' +
        '각 회사의 블로그, 공지사항과 신뢰할 수 있는 언론 기사를 읽으세요.\n' +
        '회사별로 변경 사항을 날짜와 링크와 함께 적고, 없으면 "새 소식 없음"이라고 쓰세요.\n' +
        '마지막에 우리가 대응해야 할 변화 하나와 그 이유를 적으세요.',
    },
  },
  {
    id: 'paper-digest',
    tools: ['web_search', 'web_fetch'],
    schedule: { frequency: 'weekly', time: '09:00', daysOfWeek: [1] },
    en: {
      title: 'Research paper digest',
      description: 'Every Monday: the week’s most discussed papers in a field, explained plainly.',
      name: 'Research paper digest',
      prompt:
        'Find the five most discussed new papers of the past week on large language model agents (arXiv, conference pages).\n' +
        'For each: title, authors, link, the question it answers, the main result in plain words, and one limitation.\n' +
        'Finish with which paper is worth reading in full and why.',
    },
    ko: {
      title: '논문 다이제스트',
      description: '매주 월요일, 한 분야에서 가장 화제가 된 새 논문을 쉽게 풀어 줍니다.',
      name: '논문 다이제스트',
      prompt:
        '지난주 대형 언어 모델 에이전트 분야에서 가장 많이 언급된 새 논문 다섯 편을 찾으세요(arXiv, 학회 페이지).\n' +
        '각 논문마다 제목, 저자, 링크, 다루는 질문, 핵심 결과를 쉬운 말로, 한계 한 가지를 적으세요.\n' +
        '마지막에 전문을 읽을 만한 논문 한 편과 그 이유를 추천하세요.',
    },
  },
  {
    id: 'exchange-rates',
    tools: ['web_search', 'code_execution'],
    schedule: { frequency: 'daily', time: '09:00' },
    en: {
      title: 'Exchange rate check',
      description: 'Each morning: today’s rates against a week ago, with the change worked out.',
      name: 'Exchange rate check',
      prompt:
        "Find today's exchange rates of USD to EUR, GBP, JPY and KRW, and the rates of seven days ago.\n" +
        'Compute the change in percent with code, and show a markdown table: currency, today, a week ago, change.\n' +
        'Add one sentence on what moved the largest change, with a source.',
    },
    ko: {
      title: '환율 확인',
      description: '매일 아침, 오늘 환율을 일주일 전과 비교해 변동률을 계산합니다.',
      name: '환율 확인',
      prompt:
        '오늘의 원/달러, 원/엔(100엔), 원/유로, 원/위안 환율과 7일 전 환율을 찾으세요.\n' +
        '변동률(%)은 코드로 계산하고, 통화·오늘·일주일 전·변동률을 마크다운 표로 보여 주세요.\n' +
        '가장 크게 움직인 통화의 원인을 출처와 함께 한 문장으로 덧붙이세요.',
    },
  },
  {
    id: 'job-postings',
    tools: ['web_search'],
    schedule: { frequency: 'weekly', time: '10:00', daysOfWeek: [3] },
    en: {
      title: 'New job postings',
      description: 'Every Wednesday: new openings that match the role and place you want.',
      name: 'New job postings',
      prompt:
        'Search for job postings from the last seven days for senior frontend engineers, remote or in Berlin.\n' +
        'List up to ten: company, title, location or remote, salary if given, and the link.\n' +
        'Leave out agencies and postings older than a week. Mark the three best fits and say why.',
    },
    ko: {
      title: '신규 채용 공고',
      description: '매주 수요일, 원하는 직무와 지역에 맞는 새 채용 공고를 모읍니다.',
      name: '신규 채용 공고',
      prompt:
        '최근 7일 동안 올라온 백엔드 개발자(경력 3년 이상, 서울 또는 원격) 채용 공고를 검색하세요.\n' +
        '최대 열 건을 회사, 직무, 근무지, 연봉(공개된 경우), 링크와 함께 정리하세요.\n' +
        '헤드헌팅 공고와 일주일보다 오래된 공고는 빼고, 가장 잘 맞는 세 곳에 표시하고 이유를 적으세요.',
    },
  },
  {
    id: 'monthly-trends',
    tools: ['web_search'],
    schedule: { frequency: 'monthly', time: '09:00', dayOfMonth: 1 },
    en: {
      title: 'Monthly trend report',
      description: 'On the first of each month: what changed in your industry last month.',
      name: 'Monthly trend report',
      prompt:
        'Write a one-page report on last month in the electric vehicle industry.\n' +
        'Sections: the three biggest stories, sales figures worth knowing, regulation, and what to watch next month.\n' +
        'Cite a source for every figure. Keep it under 400 words.',
    },
    ko: {
      title: '월간 트렌드 리포트',
      description: '매달 1일, 지난달 업계에서 달라진 점을 한 장으로 정리합니다.',
      name: '월간 트렌드 리포트',
      prompt:
        '지난달 전기차 업계의 흐름을 한 장짜리 리포트로 작성하세요.\n' +
        '구성: 가장 큰 뉴스 세 가지, 알아 둘 판매 수치, 정책과 규제, 다음 달 주목할 점.\n' +
        '모든 수치에 출처를 달고, 1,000자 안팎으로 쓰세요.',
    },
  },
  {
    id: 'page-watch',
    tools: ['web_fetch'],
    schedule: { frequency: 'daily', time: '12:00' },
    en: {
      title: 'Page change check',
      description: 'Once a day: read a page and report what it says now about prices or availability.',
      name: 'Pricing page check',
      prompt:
        'Fetch https://www.anthropic.com/pricing and report the prices listed for each model.\n' +
        'Present them as a markdown table. If the page cannot be fetched, say so plainly instead of guessing.',
    },
    ko: {
      title: '페이지 변경 확인',
      description: '하루 한 번 페이지를 읽고 가격이나 재고 상태를 알려 줍니다.',
      name: '가격 페이지 확인',
      prompt:
        'https://www.anthropic.com/pricing 페이지를 가져와 모델별 가격을 알려 주세요.\n' +
        '마크다운 표로 정리하고, 페이지를 가져올 수 없으면 추측하지 말고 그렇다고 분명히 적으세요.',
    },
  },
  {
    id: 'language-of-the-day',
    tools: [],
    schedule: { frequency: 'daily', time: '21:00' },
    en: {
      title: 'Korean phrase of the day',
      description: 'Every evening: one useful Korean phrase with pronunciation and examples.',
      name: 'Korean phrase of the day',
      prompt:
        'Teach me one useful everyday Korean phrase for a beginner.\n' +
        'Give the phrase in Hangul, its romanisation, its meaning, when to use it (polite or casual),\n' +
        'and two short example dialogues with translations. Choose a different phrase each day.',
    },
    ko: {
      title: '오늘의 영어 표현',
      description: '매일 저녁, 쓸모 있는 영어 표현 하나를 예문과 함께 익힙니다.',
      name: '오늘의 영어 표현',
      prompt:
        '직장에서 자주 쓰는 영어 표현 하나를 알려 주세요.\n' +
        '표현, 뜻, 쓰는 상황(격식/비격식), 비슷한 표현 두 가지,\n' +
        '짧은 예문 대화 두 개와 한국어 해석을 적으세요. 매일 다른 표현을 고르세요.',
    },
  },
  {
    id: 'release-tracker',
    tools: ['web_fetch', 'web_search'],
    schedule: { frequency: 'weekly', time: '10:00', daysOfWeek: [4] },
    en: {
      title: 'Release tracker',
      description: 'Every Thursday: new releases of the libraries you depend on, and what breaks.',
      name: 'Library release tracker',
      prompt:
        'Check the GitHub releases of TypeScript, Node.js and Lit for versions published in the last seven days.\n' +
        'For each new version: the version, the date, the notable changes, and any breaking change with what to do about it.\n' +
        'Say "no new release" for a project without one.',
    },
    ko: {
      title: '릴리스 추적',
      description: '매주 목요일, 사용하는 라이브러리의 새 버전과 주의할 변경 사항을 알려 줍니다.',
      name: '라이브러리 릴리스 추적',
      prompt:
        '최근 7일 동안 TypeScript, Node.js, React의 GitHub 릴리스를 확인하세요.\n' +
        '새 버전마다 버전, 날짜, 주요 변경 사항, 호환성이 깨지는 변경과 대응 방법을 적으세요.\n' +
        '새 릴리스가 없는 프로젝트는 "새 릴리스 없음"이라고 쓰세요.',
    },
  },
  {
    id: 'trip-planner',
    tools: ['web_search'],
    schedule: null,
    en: {
      title: 'Weekend trip planner',
      description: 'On demand: a two-day plan with places, food and travel times.',
      name: 'Weekend trip planner',
      prompt:
        'Plan a two-day weekend trip to Lisbon for two people who like food and walking.\n' +
        'Give a day-by-day plan with times, places to eat, walking or transit times between stops,\n' +
        'and an estimated budget in euros. Check opening hours on the web and name your sources.',
    },
    ko: {
      title: '주말 여행 계획',
      description: '필요할 때 실행: 장소, 맛집, 이동 시간을 담은 1박 2일 일정을 짭니다.',
      name: '주말 여행 계획',
      prompt:
        '맛집과 산책을 좋아하는 두 사람을 위한 부산 1박 2일 여행 일정을 짜 주세요.\n' +
        '날짜별로 시간, 장소, 식당, 장소 사이의 이동 수단과 시간을 적고,\n' +
        '예상 경비를 원화로 계산하세요. 영업시간은 웹에서 확인하고 출처를 밝히세요.',
    },
  },
];
