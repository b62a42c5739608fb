/**
 * Templates (docs/api.md "Templates"): the gallery in the caller's language, and
 * one template as an agent spec ready for the designer, in the person's zone.
 */
import { type AgentSpec, validateAgentSpec } from '@agent-platform/core/agent';
import { AppError } from '@agent-platform/core/errors';
import type { Locale } from '@agent-platform/core/locale';
import { TEMPLATE_SOURCES, type TemplateSource } from './catalogue';

/** A template as the API answers it. */
export interface Template {
  id: string;
  title: string;
  description: string;
  agent: AgentSpec;
}

/** Every template in `locale`; schedules in `timezone` (UTC when not given). */
export function listTemplates(locale: Locale, timezone = 'UTC'): Template[] {
  return TEMPLATE_SOURCES.map((source) => toTemplate(source, locale, timezone));
}

/** One template by id, or a 400 naming the field (the id comes from the caller's body). */
export function findTemplate(id: string, locale: Locale, timezone = 'UTC'): Template {
  const source = TEMPLATE_SOURCES.find((t) => t.id === id);
  if (!source) {
    throw new AppError('invalid_argument', 'There is no template with that id.', {
      retryable: false,
      details: [{ field: 'templateId', message: 'Use an id from GET /api/templates.' }],
      ko: '그런 템플릿이 없습니다.',
    });
  }
  return toTemplate(source, locale, timezone);
}

function toTemplate(source: TemplateSource, locale: Locale, timezone: string): Template {
  const text = source[locale];
  const parsed = validateAgentSpec({
    name: text.name,
    description: text.description,
    finalAgentPrompt: text.prompt,
    tools: source.tools,
    schedule: source.schedule && { ...source.schedule, timezone },
  });
  // The catalogue is ours: a template the schema refuses is a bug its test catches.
  if (!parsed.success) throw new Error(`Template ${source.id} (${locale}) is not a valid agent.`);
  return { id: source.id, title: text.title, description: text.description, agent: parsed.data };
}
