/** The template gallery: enough templates in both languages, each one an agent the schema accepts as it is. */
import { AgentSpecSchema } from '@agent-platform/core/agent';
import { TEMPLATE_SOURCES } from '../../src/templates/catalogue';
import { findTemplate, listTemplates } from '../../src/templates/service';

test.each(['ko', 'en'] as const)('at least ten templates in %s, each a valid agent', (locale) => {
  const templates = listTemplates(locale, 'Asia/Seoul');
  expect(templates.length).toBeGreaterThanOrEqual(10);
  for (const t of templates) {
    const parsed = AgentSpecSchema.safeParse(t.agent);
    expect({ id: t.id, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ id: t.id, issues: [] });
    expect(t.title.trim()).not.toBe('');
    expect(t.description.trim()).not.toBe('');
  }
});

test('the Korean templates are written in Korean and the English ones are not', () => {
  const hangul = /[\uAC00-\uD7A3]/;
  for (const source of TEMPLATE_SOURCES) {
    expect([source.id, hangul.test(source.ko.title), hangul.test(source.ko.prompt)]).toEqual([source.id, true, true]);
    expect([source.id, hangul.test(source.en.title)]).toEqual([source.id, false]);
  }
});

test('ids are unique, and a template runs in the zone it is started in', () => {
  expect(new Set(TEMPLATE_SOURCES.map((t) => t.id)).size).toBe(TEMPLATE_SOURCES.length);
  const t = findTemplate('daily-news-brief', 'en', 'America/New_York');
  expect(t.agent.schedule).toEqual({ frequency: 'daily', time: '08:00', timezone: 'America/New_York' });
});

test('an unknown template id is a 400 naming templateId', () => {
  expect(() => findTemplate('nope', 'en')).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
});
