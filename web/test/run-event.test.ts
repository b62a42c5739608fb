import {
  type RunEventCode,
  type RunEventParams,
  runEvent,
  RUN_EVENT_CODES as SERVER_CODES,
} from '@agent-platform/core/runs';
import { chatErrorText } from '../src/format/model-reason';
import { formatRunError, formatRunEvent, KNOWN_RUN_EVENT_CODES } from '../src/format/run-event';

const AT = '2026-11-23T08:00:00.000Z';
const HANGUL = /[\uac00-\ud7a3]/;

/** One event per code the server writes, made by the server's own builder, with the values it would carry. */
const SAMPLES: Record<RunEventCode, RunEventParams | undefined> = {
  queued: undefined,
  skipped: { count: 3 },
  started: undefined,
  started_again: { attempt: 2 },
  asking_model: { model: 'Claude Sonnet 5.5' },
  model_continuing: undefined,
  web_search: { query: 'KOSPI today' },
  web_fetch: { url: 'https://example.com/a' },
  web_fetch_page: undefined,
  code_execution: undefined,
  tool_failed: { errorCode: 'max_uses_exceeded' },
  search_results: { count: 5 },
  output_ceiling: { limit: 16000 },
  finished: { input: 1266, output: 239 },
  retry: { attempt: 2, reason: 'The model service is overloaded right now.' },
  worker_lost: undefined,
  task_lost: undefined,
  error: undefined,
  gave_up: { attempts: 3 },
  not_started: undefined,
  budget_spent: { used: 1000, budget: 1000, resetsOn: '2026-12-01' },
  stale_no_draft: undefined,
  stale_agent_deleted: undefined,
  stale_agent_foreign: undefined,
  stale_agent_paused: undefined,
  stale_schedule_changed: undefined,
  events_dropped: { count: 1200 },
  result_cut: { limit: 600000 },
  workspace_budget_fitted: { held: '0.50', usual: '1.20' },
  workspace_started: { model: 'claude-sonnet-5-5' },
  workspace_command: { command: 'python3 chart.py' },
  workspace_file: { path: 'out/chart.png' },
  workspace_tool: { tool: 'Glob' },
  artifact_kept: { name: 'chart.png', bytes: 20480 },
  artifact_skipped: { path: 'out/big.bin', reason: 'too_big' },
  input_ceiling: { limit: 100000 },
  budget_refused: { budget: 'agent_budget', unit: 'usd', limit: '2.00', resetsOn: '2026-12-01' },
};
const sample = (code: RunEventCode) => runEvent(AT, { code, params: SAMPLES[code] });
// An error's text comes from the model service: it is shown as it is, in either language.
const TRANSLATED = SERVER_CODES.filter((c) => c !== 'error');

describe('run log lines in the user language', () => {
  test('the web can say every code the server writes, and no code the server does not write', () => {
    expect([...KNOWN_RUN_EVENT_CODES].sort()).toEqual([...SERVER_CODES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...SERVER_CODES].sort());
  });

  test.each(TRANSLATED)('%s reads in Korean for a Korean user', (code) => {
    const ev = sample(code);
    const ko = formatRunEvent(ev, 'ko');
    expect(ko).toMatch(HANGUL);
    expect(ko).not.toBe(ev.message);
  });

  test.each(TRANSLATED)('%s reads in English for an English user, without Korean', (code) => {
    const en = formatRunEvent(sample(code), 'en');
    expect(en.length).toBeGreaterThan(5);
    expect(en).not.toMatch(HANGUL);
  });

  test.each([
    {
      code: 'finished',
      en: 'Finished: 1,266 input and 239 output tokens.',
      ko: '완료: 입력 토큰 1,266개, 출력 토큰 239개.',
    },
    { code: 'asking_model', en: 'Asking Claude Sonnet 5.5.', ko: 'Claude Sonnet 5.5에 요청하는 중입니다.' },
    { code: 'web_search', en: 'Searching the web: “KOSPI today”', ko: '웹 검색: “KOSPI today”' },
    { code: 'started_again', en: 'Run started again (attempt 2).', ko: '실행을 다시 시작했습니다(2번째 시도).' },
    { code: 'output_ceiling', en: /\(16,000 tokens\)/, ko: /토큰 16,000개/ },
    { code: 'skipped', en: /at 3 earlier scheduled times;/, ko: /예약 실행 3회를 건너뛰었습니다/ },
    { code: 'budget_spent', en: /\(1,000 of 1,000 tokens\).*December 1, 2026/, ko: /2026년 12월 1일에/ },
    { code: 'retry', en: /overloaded right now\. Attempt 2 failed/, ko: /overloaded right now\. 2번째 시도가 실패해/ },
    { code: 'events_dropped', en: /^Dropped 1,200 earlier lines/, ko: /앞선 기록 1,200줄/ },
    { code: 'result_cut', en: /at 600,000 bytes/, ko: /600,000바이트/ },
  ] as { code: RunEventCode; en: string | RegExp; ko: string | RegExp }[])(
    '$code carries its values, numbers written the way the locale writes them',
    ({ code, en, ko }) => {
      const ev = sample(code);
      if (typeof en === 'string') expect(formatRunEvent(ev, 'en')).toBe(en);
      else expect(formatRunEvent(ev, 'en')).toMatch(en);
      if (typeof ko === 'string') expect(formatRunEvent(ev, 'ko')).toBe(ko);
      else expect(formatRunEvent(ev, 'ko')).toMatch(ko);
    },
  );

  test('a single search result and a single attempt are not written in the plural', () => {
    expect(formatRunEvent(runEvent(AT, { code: 'search_results', params: { count: 1 } }), 'en')).toBe(
      'Found 1 result.',
    );
    expect(formatRunEvent(runEvent(AT, { code: 'gave_up', params: { attempts: 1 } }), 'en')).toMatch(
      /after 1 attempt;/,
    );
  });

  test('a model error shows its own message in both languages', () => {
    const ev = runEvent(AT, { code: 'error', message: 'The model service refused the request: prompt is too long' });
    expect(formatRunEvent(ev, 'ko')).toBe('The model service refused the request: prompt is too long');
    expect(formatRunEvent(ev, 'en')).toBe('The model service refused the request: prompt is too long');
  });

  test('a model error whose reason is named reads in Korean, keeping what the service said', () => {
    const refused = runEvent(AT, {
      code: 'error',
      message: 'The model service refused the request: prompt is too long',
      params: { reasonCode: 'refused' },
    });
    expect(formatRunEvent(refused, 'ko')).toBe('모델 서비스가 요청을 거절했습니다. (prompt is too long)');
    expect(formatRunEvent(refused, 'en')).toBe('The model service refused the request. (prompt is too long)');
    const overloaded = runEvent(AT, {
      code: 'error',
      message: 'The model service is overloaded right now. Gave up after 5 attempts.',
      params: { reasonCode: 'overloaded', gaveUpAfter: 5 },
    });
    expect(formatRunEvent(overloaded, 'ko')).toBe('지금 모델 서비스가 과부하 상태입니다. 5번 시도한 뒤 포기했습니다.');
  });

  test('a retry says its reason in Korean when the server names it', () => {
    const ev = runEvent(AT, {
      code: 'retry',
      params: { attempt: 2, reason: 'The model service is overloaded right now.', reasonCode: 'overloaded' },
    });
    expect(formatRunEvent(ev, 'ko')).toBe('지금 모델 서비스가 과부하 상태입니다. 2번째 시도가 실패해 다시 시도합니다.');
    expect(formatRunEvent({ ...ev, params: { ...ev.params, reasonCode: 'from-the-future' } }, 'ko')).toContain(
      'The model service is overloaded right now.',
    );
  });

  test("a failed run's error is said from its last error event when they match, else shown as it is", () => {
    const message = 'The model service is overloaded right now. Gave up after 5 attempts.';
    const events = [runEvent(AT, { code: 'error', message, params: { reasonCode: 'overloaded', gaveUpAfter: 5 } })];
    expect(formatRunError({ error: message, events }, 'ko')).toBe(
      '지금 모델 서비스가 과부하 상태입니다. 5번 시도한 뒤 포기했습니다.',
    );
    expect(formatRunError({ error: 'Something else entirely.', events }, 'ko')).toBe('Something else entirely.');
    expect(formatRunError({ error: 'No events at all.' }, 'ko')).toBe('No events at all.');
  });

  test('a code from a newer server falls back to its English message', () => {
    const ev = { at: AT, type: 'tool', code: 'memory_recall', params: { n: 2 }, message: 'Recalled 2 notes.' };
    expect(formatRunEvent(ev, 'ko')).toBe('Recalled 2 notes.');
  });

  test('a line written before codes existed still shows its message', () => {
    expect(formatRunEvent({ message: 'Run started.' }, 'ko')).toBe('Run started.');
    expect(formatRunEvent({ message: 'Finished: 5 input and 10 output tokens.' }, 'en')).toBe(
      'Finished: 5 input and 10 output tokens.',
    );
  });

  test('a known code whose values are missing or malformed shows the message rather than a broken sentence', () => {
    expect(formatRunEvent({ code: 'finished', params: { input: 5 }, message: 'Finished.' }, 'ko')).toBe('Finished.');
    expect(formatRunEvent({ code: 'web_search', message: 'Searching the web: "x"' }, 'ko')).toBe(
      'Searching the web: "x"',
    );
    expect(
      formatRunEvent(
        { code: 'budget_spent', params: { used: 1, budget: 1, resetsOn: 'soon' }, message: 'Spent.' },
        'ko',
      ),
    ).toBe('Spent.');
    // An inherited name is not a code.
    expect(formatRunEvent({ code: 'toString', message: 'Odd.' }, 'ko')).toBe('Odd.');
  });
});

describe('chat errors in the user language', () => {
  test('an overloaded model reads in Korean with a request to send again; an unnamed error shows as it came', () => {
    const overloaded = {
      code: 'unavailable',
      reason: 'overloaded',
      message: 'The model service is overloaded right now. Please send your message again in a moment.',
    };
    expect(chatErrorText(overloaded, 'ko')).toBe(
      '지금 모델 서비스가 과부하 상태입니다. 잠시 후 메시지를 다시 보내 주세요.',
    );
    expect(chatErrorText(overloaded, 'en')).toBe(overloaded.message);
    expect(chatErrorText({ code: 'internal', message: 'Something odd.' }, 'ko')).toBe('Something odd.');
  });
});
