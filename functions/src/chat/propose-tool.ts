/**
 * The `propose_agent` tool the designer may call (tool_choice auto: current
 * Sonnet models refuse a forced tool choice). Its input schema is generated from
 * the shared agent schema, and every proposal is validated with that schema; a
 * rejected one goes back to the model as an error naming each bad field, so it
 * is corrected in the conversation and never saved broken.
 */

import { AgentDraftSchema, type AgentSpec, issueDetails, validateAgentSpec } from '@agent-platform/core/agent';
import type { Locale } from '@agent-platform/core/locale';
import * as z from '@agent-platform/core/zod';
import type Anthropic from '@anthropic-ai/sdk';

export const PROPOSE_AGENT = 'propose_agent';

const FIELD_HELP: Record<string, string> = {
  name: 'Short name the person will recognise, in their language (max 100 characters).',
  description: 'One or two sentences on what the agent does, in their language.',
  finalAgentPrompt:
    'The complete instructions the agent runs with, unattended, each time: task, sources, how to search, output form and language.',
  tools:
    'Server tools the agent needs: web_search for current information, web_fetch to read given pages, code_execution for calculations or charts.',
  model: 'Leave out unless the person asks for a particular model.',
  deliveries:
    'Where each run’s result is sent, only as the person asked (never invent an address): {"type":"email","to"}, {"type":"push"} for their browsers, or {"type":"webhook","url","format":"slack"|"discord"|"googlechat"|"json"}; "on" is ["success","failure"] by default.',
  engine:
    '"workspace" when the goal needs files (a chart or CSV to download), Python packages or long multi-step work: Claude Code runs in an isolated machine and its out/ files are kept; it costs several times more per run. Leave out ("messages") otherwise.',
  schedule:
    'When it runs, or null for on demand only. time is HH:MM 24-hour in timezone (an IANA name); daysOfWeek 1 = Monday … 7 = Sunday (weekly only); dayOfMonth 1–31 (monthly only); cron is five fields (cron only, and then no time).',
};

let cached: Anthropic.Tool | undefined;

/** The tool definition, built once from the shared schema. */
export function proposeAgentTool(): Anthropic.Tool {
  if (cached) return cached;
  const schema = z.toJSONSchema(AgentDraftSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  // Whether an agent is active is decided when it is saved, not by the model.
  delete properties.status;
  for (const [field, help] of Object.entries(FIELD_HELP)) {
    if (properties[field]) properties[field] = { description: help, ...properties[field] };
  }
  schema.required = ['name', 'description', 'finalAgentPrompt', 'tools', 'schedule'];
  cached = {
    name: PROPOSE_AGENT,
    description:
      'Propose the agent to the person once you know what it should do and when. The platform validates the draft, ' +
      'stores it in the conversation and answers with the schedule in words, the next three runs and the likely cost, ' +
      'which you then tell the person. Call it again with the whole draft whenever something changes.',
    input_schema: schema as Anthropic.Tool['input_schema'],
  };
  return cached;
}

export type DraftCheck = { ok: true; draft: AgentSpec } | { ok: false; feedback: string; fields: string[] };

/**
 * Validates a proposal with the shared schema. A schedule without a time zone
 * gets the person's own zone rather than the schema's UTC default, and the
 * status is always `draft` (saving decides it).
 */
export function checkProposal(input: unknown, defaultTimezone: string | null, locale: Locale): DraftCheck {
  const proposal = input && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : input;
  if (proposal && typeof proposal === 'object') {
    const p = proposal as Record<string, unknown>;
    delete p.status;
    const schedule = p.schedule;
    if (defaultTimezone && schedule && typeof schedule === 'object' && !('timezone' in schedule)) {
      p.schedule = { ...(schedule as Record<string, unknown>), timezone: defaultTimezone };
    }
  }
  const result = validateAgentSpec(proposal);
  if (result.success) return { ok: true, draft: { ...result.data, status: 'draft' } };
  const details = issueDetails(result.issues, locale);
  const lines = details.map((d) => `- ${d.field}: ${d.message}`);
  return {
    ok: false,
    fields: [...new Set(details.map((d) => d.field))],
    feedback:
      'The draft was not accepted and nothing was stored. Fix these fields and call propose_agent again with the whole draft:\n' +
      lines.join('\n'),
  };
}
