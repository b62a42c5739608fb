/**
 * The one agent schema: the API's create and patch bodies, the draft the chat
 * designer proposes and the web form all validate with it, so a limit changes
 * in one place (docs/api.md, "Agents"). Browser-safe: zod, croner and the model list.
 *
 * - Unknown fields are refused, never ignored — also schedule fields that do
 *   not belong to the frequency (`daysOfWeek` on a daily schedule).
 * - Lengths count characters (Unicode code points), so 100 Korean letters or
 *   emoji are 100, as a person counts them.
 * - A patch replaces whole fields: a new `schedule` replaces the old one.
 */
import modelsFile from '@agent-platform/config/models.json';
import { cronProblem, normaliseCron } from '../schedule/pattern';
import { FREQUENCIES, type Frequency, type Schedule } from '../schedule/types';
import { canonicalTimeZone } from '../schedule/zones';
import * as z from '../zod';
import { DeliveriesSchema } from './deliveries';
import type { CustomKey, Issue } from './messages';

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2_000;
export const PROMPT_MAX = 20_000;
export const CRON_MAX = 200;

export const TOOLS = ['web_search', 'web_fetch', 'code_execution'] as const;
export const STATUSES = ['draft', 'active', 'inactive'] as const;
/**
 * How a run executes: `messages` calls Claude with its server tools; `workspace`
 * runs Claude Code headless in an isolated build that can install packages and
 * keep the files it writes under `out/` (docs/workspace-runs.md).
 */
export const ENGINES = ['messages', 'workspace'] as const;
/** The models users may pick (config/models.json), the default first. */
export const MODELS = [
  modelsFile.defaultModel,
  ...Object.keys(modelsFile.models).filter((m) => m !== modelsFile.defaultModel),
] as [string, ...string[]];
export const DEFAULT_MODEL: string = modelsFile.defaultModel;

export type { Frequency, Schedule };
export type ToolName = (typeof TOOLS)[number];
export type AgentStatus = (typeof STATUSES)[number];
export type Engine = (typeof ENGINES)[number];

/** The engine a spec, draft or stored agent runs on (absent = `messages`). */
export function engineOf(agent: { engine?: Engine | undefined } | null | undefined): Engine {
  return agent?.engine ?? 'messages';
}

type Ctx = z.core.$RefinementCtx;
const custom = (ctx: Ctx, path: PropertyKey[], key: CustomKey, params: Record<string, unknown> = {}) =>
  ctx.addIssue({ code: 'custom', path, message: key, params: { key, ...params } });

const chars = (s: string) => [...s].length;

// Control characters other than tab and newlines (NUL, escape, …): never meant as text.
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
// A name is one line.
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/**
 * Text of `min`–`max` characters; `min` 1 also refuses text that is only spaces.
 * Lone surrogates (not valid Unicode, they break JSON parsers) and control
 * characters are refused; `singleLine` also refuses line breaks (names).
 */
function text(min: number, max: number, singleLine = false) {
  return z.string().check(
    z.superRefine((s, ctx) => {
      if (!s.isWellFormed()) custom(ctx, [], 'malformed');
      else if (CONTROL.test(s) || (singleLine && LINE_BREAK.test(s))) custom(ctx, [], 'controlChars');
      const n = chars(s);
      if (min > 0 && s.trim() === '') custom(ctx, [], 'blank');
      else if (n < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: s });
      if (n > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: s });
    }),
  );
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/*
 * The schemas with checks are built on their first parse (z.lazy): the run, tick and delivery workers never
 * validate an agent, nor do most API requests, and building them cost every cold start (docs/scaling.md).
 */

/** When an agent runs, in an IANA zone. `time` is "HH:MM" (24 h); `hourly` uses only its minutes. */
export const ScheduleSchema = z.lazy(() =>
  z.pipe(
    z
      .strictObject({
        frequency: z.enum(FREQUENCIES),
        time: z.optional(z.string().check(z.regex(TIME))),
        /** 1 = Monday … 7 = Sunday (weekly only). */
        daysOfWeek: z.optional(
          z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1), z.maxLength(7)),
        ),
        /** 1–31 (monthly only); a month without that day runs on its last day. */
        dayOfMonth: z.optional(z.int().check(z.minimum(1), z.maximum(31))),
        /** Five fields: minute hour day-of-month month day-of-week (cron only). */
        cron: z.optional(z.string().check(z.maxLength(CRON_MAX))),
        timezone: z._default(z.string(), 'UTC'),
      })
      .check(
        z.superRefine((s, ctx) => {
          // Runs even when a field above failed, so every check guards its own types.
          const f = s.frequency;
          const needs = {
            time: f !== 'cron',
            daysOfWeek: f === 'weekly',
            dayOfMonth: f === 'monthly',
            cron: f === 'cron',
          };
          if (FREQUENCIES.includes(f)) {
            for (const field of ['time', 'daysOfWeek', 'dayOfMonth', 'cron'] as const) {
              const present = s[field] !== undefined;
              if (needs[field] && !present) custom(ctx, [field], `${requiredKey[field]}`);
              if (!needs[field] && present) custom(ctx, [field], 'notForFrequency', { frequency: f });
            }
          }
          if (Array.isArray(s.daysOfWeek) && new Set(s.daysOfWeek).size !== s.daysOfWeek.length) {
            custom(ctx, ['daysOfWeek'], 'duplicate');
          }
          if (f === 'cron' && typeof s.cron === 'string' && s.cron.length <= CRON_MAX) {
            const problem = cronProblem(s.cron);
            if (problem) custom(ctx, ['cron'], cronKey[problem]);
          }
          if (typeof s.timezone === 'string' && !canonicalTimeZone(s.timezone)) custom(ctx, ['timezone'], 'timezone');
        }),
      ),
    z.transform((s) => {
      const out: Schedule = { frequency: s.frequency, timezone: canonicalTimeZone(s.timezone) ?? s.timezone };
      if (s.time !== undefined) out.time = s.time;
      if (s.daysOfWeek) out.daysOfWeek = [...s.daysOfWeek].sort((a, b) => a - b);
      if (s.dayOfMonth !== undefined) out.dayOfMonth = s.dayOfMonth;
      if (s.cron !== undefined) out.cron = normaliseCron(s.cron);
      return out;
    }),
  ),
);

const requiredKey = {
  time: 'timeRequired',
  daysOfWeek: 'daysRequired',
  dayOfMonth: 'dayRequired',
  cron: 'cronRequired',
} as const;
const cronKey = { fields: 'cronFields', syntax: 'cronSyntax', never: 'cronNever' } as const;

const Name = z.lazy(() => z.pipe(z.string().check(z.trim()), text(1, NAME_MAX, true)));
const Description = z.lazy(() => text(0, DESCRIPTION_MAX));
const Prompt = z.lazy(() => text(1, PROMPT_MAX));
const Tools = z.lazy(() =>
  z.array(z.enum(TOOLS)).check(
    z.maxLength(TOOLS.length),
    z.superRefine((tools, ctx) => {
      if (new Set(tools).size !== tools.length) custom(ctx, [], 'duplicate');
    }),
  ),
);
const Model = z.enum(MODELS);
const Status = z.enum(STATUSES);
const EngineField = z.enum(ENGINES);
/** The most an agent's monthly budget may be, in dollars. */
export const AGENT_BUDGET_MAX_USD = 10_000;
/** An agent's own monthly limit in dollars (null: none, only the user's budget applies). */
const MonthlyBudget = z.lazy(() => z.nullable(z.number().check(z.positive(), z.maximum(AGENT_BUDGET_MAX_USD))));

/**
 * A complete agent spec: the body of `POST /api/agents`, the designer's draft
 * and the web form. `name` and `finalAgentPrompt` are required.
 */
export const AgentSpecSchema = z.strictObject({
  name: Name,
  description: z._default(Description, ''),
  finalAgentPrompt: Prompt,
  tools: z._default(Tools, []),
  model: z._default(Model, DEFAULT_MODEL),
  schedule: z._default(z.nullable(ScheduleSchema), null),
  status: z._default(Status, 'draft'),
  deliveries: z._default(DeliveriesSchema, []),
  // Optional rather than defaulted, so specs written before engines existed still type-check: absent = `messages`.
  engine: z.optional(EngineField),
  monthlyBudgetUsd: z._default(MonthlyBudget, null),
});

/** The agent the chat designer proposes: the same schema, so a draft saves as it is. */
export const AgentDraftSchema = AgentSpecSchema;

/** The body of `PATCH /api/agents/{id}`: any writable fields, at least one. */
export const AgentPatchSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.optional(Name),
      description: z.optional(Description),
      finalAgentPrompt: z.optional(Prompt),
      tools: z.optional(Tools),
      model: z.optional(Model),
      schedule: z.optional(z.nullable(ScheduleSchema)),
      status: z.optional(Status),
      deliveries: z.optional(DeliveriesSchema),
      engine: z.optional(EngineField),
      monthlyBudgetUsd: z.optional(MonthlyBudget),
    })
    .check((ctx) => {
      // Only a body that is empty, not one whose every field was refused.
      if (ctx.issues.length === 0 && Object.keys(ctx.value).length === 0) {
        ctx.issues.push({
          code: 'custom',
          path: [],
          message: 'emptyPatch',
          input: ctx.value,
          params: { key: 'emptyPatch' },
        });
      }
    }),
);

/** What the caller may send (defaults not yet applied). */
export type AgentSpecInput = z.input<typeof AgentSpecSchema>;
/** A validated spec, defaults applied. */
export type AgentSpec = z.output<typeof AgentSpecSchema>;
export type AgentPatch = z.output<typeof AgentPatchSchema>;

export type Validation<T> = { success: true; data: T } | { success: false; issues: Issue[] };

function validate<T>(schema: z.ZodMiniType<T>, input: unknown): Validation<T> {
  // reportInput lets messages tell a missing field from a wrong one.
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

/** Validates a create body, a draft or the web form's values. */
export const validateAgentSpec = (input: unknown): Validation<AgentSpec> => validate(AgentSpecSchema, input);
/** Validates a patch body. */
export const validateAgentPatch = (input: unknown): Validation<AgentPatch> => validate(AgentPatchSchema, input);
/** Validates a schedule alone (the designer checks the one it proposes). */
export const validateSchedule = (input: unknown): Validation<Schedule> => validate(ScheduleSchema, input);
