import { resultFileName, resultMarkdown } from '../src/format/result-markdown';
import { describeChanges, lineDiff } from '../src/format/version-diff';
import { libraryMessagesFor } from '../src/i18n/library';
import { setLocale } from '../src/state/locale';
import { parseRoute } from '../src/state/router';

describe('what changed between versions, in words', () => {
  it('shows a changed line as removed and added, with the lines around it', () => {
    expect(lineDiff('one\ntwo\nthree', 'one\n2\nthree\nfour')).toEqual([
      { kind: 'same', text: 'one' },
      { kind: 'removed', text: 'two' },
      { kind: 'added', text: '2' },
      { kind: 'same', text: 'three' },
      { kind: 'added', text: 'four' },
    ]);
  });

  it('says a schedule and tools in words in each language', () => {
    const before = { schedule: null, tools: [] };
    const after = { schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' }, tools: ['web_search'] };
    setLocale('ko');
    expect(describeChanges(['schedule', 'tools'], before, after)).toEqual([
      {
        field: 'schedule',
        label: '일정',
        kind: 'value',
        before: '필요할 때 실행',
        after: expect.stringContaining('오전 8:00'),
      },
      { field: 'tools', label: '도구', kind: 'value', before: '도구 없음', after: '웹 검색' },
    ]);
    setLocale('en');
    const [schedule] = describeChanges(['schedule'], before, after);
    expect(schedule).toMatchObject({
      label: 'Schedule',
      before: 'On demand',
      after: expect.stringContaining('8:00 AM'),
    });
  });

  it('counts the prompt lines added and removed', () => {
    const [prompt] = describeChanges(
      ['finalAgentPrompt'],
      { finalAgentPrompt: 'a\nb' },
      { finalAgentPrompt: 'a\nc\nd' },
    );
    expect(prompt).toMatchObject({ kind: 'text', added: 2, removed: 1 });
  });
});

describe('a result to copy or download', () => {
  it('is markdown headed by the agent’s name, or the error of a failed run', () => {
    setLocale('en');
    const ok = resultMarkdown(
      { status: 'success', result: '## Top\n\nbody', error: null, endTime: '2026-11-20T12:00:00.000Z' },
      'News',
    );
    expect(ok.startsWith('# News\n\n_')).toBe(true);
    expect(ok.endsWith('## Top\n\nbody\n')).toBe(true);
    const failed = resultMarkdown({ status: 'failed', result: null, error: 'Timed out', endTime: null }, 'News');
    expect(failed).toContain('**The run failed:** Timed out');
  });

  it('gets a file name that keeps Korean and drops what file systems refuse', () => {
    expect(resultFileName('주간/증시: 요약?', '2026-11-20T12:00:00.000Z')).toBe('주간-증시-요약-2026-11-20.md');
    expect(resultFileName('  ', null)).toBe('result-result.md');
  });
});

describe('library words and routes', () => {
  it('has every word in both languages', () => {
    expect(Object.keys(libraryMessagesFor('ko')).sort()).toEqual(Object.keys(libraryMessagesFor('en')).sort());
  });

  it.each([
    ['/conversations', { page: 'library' }],
    ['/templates', { page: 'templates' }],
    ['/templates/extra', { page: 'dashboard' }],
  ])('%s', (path, want) => {
    expect(parseRoute(path)).toEqual(want);
  });
});
