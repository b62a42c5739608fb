import { usageByAgent } from '../src/data/usage';
import { validateAgentPatch } from '../src/data/validate';
import { formatCost, formatDuration, formatTokens } from '../src/format/format';
import { localeFromLanguages } from '../src/state/locale';
import { parseRoute } from '../src/state/router';
import { markdownToHtml } from '../src/ui/markdown';

describe('formatting for people', () => {
  it.each([
    { usd: 0, en: '$0.00' },
    { usd: 0.0042, en: '$0.0042' },
    { usd: 0.125, en: '$0.125' },
    { usd: 12.5, en: '$12.50' },
  ])('shows $usd USD as $en, never a misleading $0.00', ({ usd, en }) => {
    expect(formatCost(usd, 'en')).toBe(en);
  });

  it('writes token counts compactly in each language', () => {
    expect(formatTokens(1234, 'en')).toBe('1,234');
    expect(formatTokens(12_345, 'en')).toBe('12.3K');
    expect(formatTokens(12_345, 'ko')).toBe('1.2만');
  });

  it('writes durations in words of the locale', () => {
    expect(formatDuration(1_500, 'en')).toBe('1.5s');
    expect(formatDuration(185_000, 'ko')).toBe('3분 5초');
  });
});

describe('the locale from the browser', () => {
  it.each([
    { langs: ['ko-KR', 'en-US'], want: 'ko' },
    { langs: ['en-GB', 'ko'], want: 'en' },
    { langs: ['fr-FR', 'ko'], want: 'ko' },
    { langs: ['fr-FR'], want: 'en' },
  ])('$langs → $want', ({ langs, want }) => {
    expect(localeFromLanguages(langs)).toBe(want);
  });
});

describe('routes', () => {
  it.each([
    { path: '/', want: { page: 'dashboard' } },
    { path: '/new', want: { page: 'workspace' } },
    { path: '/chat/c1', want: { page: 'workspace', conversationId: 'c1' } },
    { path: '/agents/a%201', want: { page: 'agent', agentId: 'a 1' } },
    { path: '/usage', want: { page: 'usage' } },
    { path: '/nonsense/x', want: { page: 'dashboard' } },
  ])('$path', ({ path, want }) => {
    expect(parseRoute(path)).toEqual(want);
  });
});

describe('this month’s use per agent', () => {
  it('adds tokens and cost per agent, with draft test runs apart', () => {
    const u = usageByAgent([
      {
        id: '1',
        agentId: 'a',
        trigger: 'manual',
        status: 'success',
        tokenUsage: { input: 10, output: 5, cacheRead: 0, cacheWrite: 0 },
        costUsd: 0.1,
      },
      {
        id: '2',
        agentId: 'a',
        trigger: 'schedule',
        status: 'failed',
        tokenUsage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
        costUsd: 0.02,
      },
      { id: '3', agentId: null, trigger: 'test', status: 'running' },
    ]);
    expect(u.get('a')).toEqual({ input: 11, output: 6, costUsd: expect.closeTo(0.12) });
    expect(u.get('')).toEqual({ input: 0, output: 0, costUsd: 0 });
  });
});

describe('checking an edit with the shared schema', () => {
  it('names the bad field with the schema’s message in the user’s language', () => {
    const en = validateAgentPatch({ name: '' }, 'en');
    const ko = validateAgentPatch({ name: '' }, 'ko');
    expect(Object.keys(en)).toEqual(['name']);
    expect(en.name).toBeTruthy();
    expect(ko.name).not.toBe(en.name);
  });

  it('points a bad schedule time at schedule.time', () => {
    const errs = validateAgentPatch({ schedule: { frequency: 'daily', time: '25:99', timezone: 'Asia/Seoul' } }, 'en');
    expect(Object.keys(errs)).toContain('schedule.time');
  });

  it('accepts a valid edit', () => {
    expect(
      validateAgentPatch({
        name: '주간 뉴스 요약',
        schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' },
      }),
    ).toEqual({});
  });
});

describe('model output as markdown', () => {
  it('closes **…** before a Korean particle after punctuation', () => {
    expect(markdownToHtml('**매주 월요일 오전 8:00 (서울)**에 실행')).toContain(
      '<strong>매주 월요일 오전 8:00 (서울)</strong>에 실행',
    );
    expect(markdownToHtml('**plain** text')).toContain('<strong>plain</strong> text');
  });

  it('shows HTML the model wrote as text, block and inline', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\nhi <b onclick="x()">there</b>');
    expect(html).not.toMatch(/<script|<b[ >]/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;');
  });

  it('still formats markdown: headings, lists, tables', () => {
    const html = markdownToHtml('## T\n\n- a\n\n| x |\n|---|\n| 1 |');
    expect(html).toMatch(/<h4 data-level="2">T<\/h4>/);
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<table>');
  });
});
