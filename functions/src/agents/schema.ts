/**
 * The one agent schema: the API's create and patch bodies, the draft the chat
 * designer proposes and the web form all validate with it, so a limit changes
 * in one place (API.md "Agents"). Browser-safe: zod, croner and the model list.
 *
 * - Unknown fields are refused, never ignored — also schedule fields that do
 *   not belong to the frequency (`daysOfWeek` on a daily schedule).
 * - Lengths count characters (Unicode code points), so 100 Korean letters or
 *   emoji are 100, as a person counts them.
 * - A patch replaces whole fields: a new `schedule` replaces the old one.
 */
import { z } from 'zod';
import modelsFile from '../../../config/models.json';
import { cronProblem, normaliseCron } from '../schedule/pattern';
import { canonicalTimeZone } from '../schedule/zones';

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2_000;
export const PROMPT_MAX = 20_000;
export const CRON_MAX = 200;

export const TOOLS = ['web_search', 'web_fetch', 'code_execution'] as const;
export const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly', 'cron'] as const;
export const STATUSES = ['draft', 'active', 'inactive'] as const;
/** The models users may pick (config/models.json), the default first. */
export const MODELS = [
  modelsFile.defaultModel,
  ...Object.keys(modelsFile.models).filter((m) => m !== modelsFile.defaultModel),
] as [string, ...string[]];
export const DEFAULT_MODEL: string = modelsFile.defaultModel;

export type ToolName = (typeof TOOLS)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type AgentStatus = (typeof STATUSES)[number];

/** Keys of the custom issues this schema raises; `issueMessage` words each in ko and en. */
type CustomKey =
  | 'blank'
  | 'controlChars'
  | 'malformed'
  | 'timeRequired'
  | 'daysRequired'
  | 'dayRequired'
  | 'cronRequired'
  | 'notForFrequency'
  | 'duplicate'
  | 'timezone'
  | 'cronFields'
  | 'cronSyntax'
  | 'cronNever'
  | 'emptyPatch';

type Ctx = z.RefinementCtx;
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
  return z.string().superRefine((s, ctx) => {
    if (!s.isWellFormed()) custom(ctx, [], 'malformed');
    else if (CONTROL.test(s) || (singleLine && LINE_BREAK.test(s))) custom(ctx, [], 'controlChars');
    const n = chars(s);
    if (min > 0 && s.trim() === '') custom(ctx, [], 'blank');
    else if (n < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: s });
    if (n > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: s });
  });
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** When an agent runs, in an IANA zone. `time` is "HH:MM" (24 h); `hourly` uses only its minutes. */
export const ScheduleSchema = z
  .strictObject({
    frequency: z.enum(FREQUENCIES),
    time: z.string().regex(TIME).optional(),
    /** 1 = Monday … 7 = Sunday (weekly only). */
    daysOfWeek: z.array(z.int().min(1).max(7)).min(1).max(7).optional(),
    /** 1–31 (monthly only); a month without that day runs on its last day. */
    dayOfMonth: z.int().min(1).max(31).optional(),
    /** Five fields: minute hour day-of-month month day-of-week (cron only). */
    cron: z.string().max(CRON_MAX).optional(),
    timezone: z.string().default('UTC'),
  })
  .superRefine((s, ctx) => {
    // Runs even when a field above failed, so every check guards its own types.
    const f = s.frequency;
    const needs = { time: f !== 'cron', daysOfWeek: f === 'weekly', dayOfMonth: f === 'monthly', cron: f === 'cron' };
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
  })
  .transform((s) => {
    const out: Schedule = { frequency: s.frequency, timezone: canonicalTimeZone(s.timezone) ?? s.timezone };
    if (s.time !== undefined) out.time = s.time;
    if (s.daysOfWeek) out.daysOfWeek = [...s.daysOfWeek].sort((a, b) => a - b);
    if (s.dayOfMonth !== undefined) out.dayOfMonth = s.dayOfMonth;
    if (s.cron !== undefined) out.cron = normaliseCron(s.cron);
    return out;
  });

const requiredKey = {
  time: 'timeRequired',
  daysOfWeek: 'daysRequired',
  dayOfMonth: 'dayRequired',
  cron: 'cronRequired',
} as const;
const cronKey = { fields: 'cronFields', syntax: 'cronSyntax', never: 'cronNever' } as const;

/** A stored, validated schedule. */
export interface Schedule {
  frequency: Frequency;
  time?: string;
  daysOfWeek?: number[];
  dayOfMonth?: number;
  cron?: string;
  timezone: string;
}

const Name = z
  .string()
  .trim()
  .pipe(text(1, NAME_MAX, true));
const Description = text(0, DESCRIPTION_MAX);
const Prompt = text(1, PROMPT_MAX);
const Tools = z
  .array(z.enum(TOOLS))
  .max(TOOLS.length)
  .superRefine((tools, ctx) => {
    if (new Set(tools).size !== tools.length) custom(ctx, [], 'duplicate');
  });
const Model = z.enum(MODELS);
const Status = z.enum(STATUSES);

/**
 * A complete agent spec: the body of `POST /api/agents`, the designer's draft
 * and the web form. `name` and `finalAgentPrompt` are required.
 */
export const AgentSpecSchema = z.strictObject({
  name: Name,
  description: Description.default(''),
  finalAgentPrompt: Prompt,
  tools: Tools.default([]),
  model: Model.default(DEFAULT_MODEL),
  schedule: ScheduleSchema.nullable().default(null),
  status: Status.default('draft'),
});

/** The agent the chat designer proposes: the same schema, so a draft saves as it is. */
export const AgentDraftSchema = AgentSpecSchema;

/** The body of `PATCH /api/agents/{id}`: any writable fields, at least one. */
export const AgentPatchSchema = z
  .strictObject({
    name: Name.optional(),
    description: Description.optional(),
    finalAgentPrompt: Prompt.optional(),
    tools: Tools.optional(),
    model: Model.optional(),
    schedule: ScheduleSchema.nullable().optional(),
    status: Status.optional(),
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
  });

/** What the caller may send (defaults not yet applied). */
export type AgentSpecInput = z.input<typeof AgentSpecSchema>;
/** A validated spec, defaults applied. */
export type AgentSpec = z.output<typeof AgentSpecSchema>;
export type AgentPatch = z.output<typeof AgentPatchSchema>;

export interface LastRun {
  executionId: string;
  status: 'queued' | 'running' | 'success' | 'failed';
  endTime: string | null;
}

/** `agents/{agentId}` in Firestore (DESIGN.md); every time an ISO-8601 UTC string. */
export interface AgentDoc {
  userId: string;
  name: string;
  description: string;
  finalAgentPrompt: string;
  tools: ToolName[];
  model: string;
  schedule: Schedule | null;
  status: AgentStatus;
  nextRunAt: string | null;
  lastRun: LastRun | null;
  totalTokenUsage: { input: number; output: number };
  costUsd: number;
  runCount: number;
  conversationId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The API's agent JSON: the document with its `id`, without `userId`. */
export type Agent = { id: string } & Omit<AgentDoc, 'userId'>;

// ---------------------------------------------------------------------------
// Validation results and their messages

export type Locale = 'ko' | 'en';
export type Issue = z.core.$ZodIssue;
/** One problem with one field, as the API's error `details` carry it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type Validation<T> = { success: true; data: T } | { success: false; issues: Issue[] };

function validate<T>(schema: z.ZodType<T>, input: unknown): Validation<T> {
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

/** `schedule.daysOfWeek[1]`: the dotted path of an issue, array positions in brackets. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** One `{field, message}` per bad field; unknown fields are named one by one. */
export function issueDetails(issues: readonly Issue[], locale: Locale = 'en'): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: fieldName([...issue.path, key]), message: issueMessage(issue, locale) });
      }
    } else {
      out.push({ field: fieldName(issue.path) || '(body)', message: issueMessage(issue, locale) });
    }
  }
  return out;
}

const CUSTOM: Record<CustomKey, Record<Locale, (p: Record<string, unknown>) => string>> = {
  blank: { en: () => 'Must not be empty.', ko: () => '비어 있으면 안 됩니다.' },
  controlChars: {
    en: () => 'Remove control characters (and, in a name, line breaks).',
    ko: () => '제어 문자(이름에서는 줄바꿈도)를 빼 주세요.',
  },
  malformed: { en: () => 'Contains invalid Unicode text.', ko: () => '올바르지 않은 유니코드 문자가 있습니다.' },
  timeRequired: {
    en: () => 'Give the time as HH:MM (24-hour), e.g. 08:00.',
    ko: () => '시간을 HH:MM(24시간) 형식으로 입력하세요. 예: 08:00',
  },
  daysRequired: {
    en: () => 'Pick at least one day of the week (1 = Monday … 7 = Sunday).',
    ko: () => '요일을 하나 이상 고르세요 (1 = 월요일 … 7 = 일요일).',
  },
  dayRequired: { en: () => 'Pick a day of the month, 1–31.', ko: () => '날짜를 1–31 중에서 고르세요.' },
  cronRequired: {
    en: () => 'Give a five-field cron expression, e.g. "0 8 * * 1".',
    ko: () => '다섯 필드의 cron 식을 입력하세요. 예: "0 8 * * 1"',
  },
  notForFrequency: {
    en: (p) => `Does not apply to a ${String(p.frequency)} schedule; leave it out.`,
    ko: (p) => `${String(p.frequency)} 일정에는 쓰지 않는 항목입니다. 빼 주세요.`,
  },
  duplicate: { en: () => 'Lists each value only once.', ko: () => '같은 값을 두 번 넣을 수 없습니다.' },
  timezone: {
    en: () => 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".',
    ko: () => '알 수 없는 시간대입니다. 예: "Asia/Seoul", "UTC"',
  },
  cronFields: {
    en: () => 'A cron expression has exactly five fields: minute hour day month weekday.',
    ko: () => 'cron 식은 분 시 일 월 요일, 다섯 필드여야 합니다.',
  },
  cronSyntax: { en: () => 'Not a valid cron expression.', ko: () => '올바른 cron 식이 아닙니다.' },
  cronNever: {
    en: () => 'This cron expression never runs (e.g. February 30).',
    ko: () => '이 cron 식은 한 번도 실행되지 않습니다 (예: 2월 30일).',
  },
  emptyPatch: { en: () => 'Send at least one field to change.', ko: () => '바꿀 항목을 하나 이상 보내세요.' },
};

const TYPE_NAMES: Record<string, Record<Locale, string>> = {
  string: { en: 'text', ko: '문자열' },
  number: { en: 'a number', ko: '숫자' },
  int: { en: 'a whole number', ko: '정수' },
  array: { en: 'a list', ko: '목록' },
  object: { en: 'an object', ko: '객체' },
};

/** The message for one issue in Korean or English (the web form shows these). */
export function issueMessage(issue: Issue, locale: Locale): string {
  const ko = locale === 'ko';
  switch (issue.code) {
    case 'custom': {
      const key = (issue.params as { key?: CustomKey } | undefined)?.key;
      return key && CUSTOM[key] ? CUSTOM[key][locale](issue.params ?? {}) : issue.message;
    }
    case 'unrecognized_keys':
      return ko ? '알 수 없는 항목입니다.' : 'Unknown field.';
    case 'invalid_type': {
      if ('input' in issue && issue.input === undefined) return ko ? '필수 항목입니다.' : 'Required.';
      const type = TYPE_NAMES[issue.expected]?.[locale] ?? issue.expected;
      return ko ? `${type}이어야 합니다.` : `Must be ${type}.`;
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return ko ? `최소 ${issue.minimum}자 이상이어야 합니다.` : `Must be at least ${issue.minimum} characters.`;
      }
      if (issue.origin === 'array')
        return ko ? `최소 ${issue.minimum}개가 필요합니다.` : `Needs at least ${issue.minimum}.`;
      return ko ? `${issue.minimum} 이상이어야 합니다.` : `Must be at least ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') {
        return ko ? `최대 ${issue.maximum}자까지 쓸 수 있습니다.` : `Must be at most ${issue.maximum} characters.`;
      }
      if (issue.origin === 'array')
        return ko ? `최대 ${issue.maximum}개까지입니다.` : `At most ${issue.maximum} items.`;
      return ko ? `${issue.maximum} 이하여야 합니다.` : `Must be at most ${issue.maximum}.`;
    case 'invalid_value': {
      const values = issue.values.map(String).join(', ');
      return ko ? `다음 중 하나여야 합니다: ${values}` : `Must be one of: ${values}.`;
    }
    case 'invalid_format':
      if (issue.path[issue.path.length - 1] === 'time') return CUSTOM.timeRequired[locale]({});
      return ko ? '형식이 올바르지 않습니다.' : 'Has the wrong format.';
    default:
      return issue.message;
  }
}
