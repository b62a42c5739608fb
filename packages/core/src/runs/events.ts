/**
 * The run log's vocabulary: every progress line a run writes has a stable
 * `code` (and `params` where its text carries data), so the web app can say it
 * in the user's language, and an English `message`, kept for API clients and
 * for documents written before codes existed. The English text lives here only.
 *
 * This module imports nothing: the web app's tests read `RUN_EVENT_CODES` to
 * check that every code has Korean and English text.
 */

/** Values a line carries; numbers stay numbers so the web formats them in the user's locale. */
export type RunEventParams = Record<string, string | number>;

/** One progress line, appended while the run goes (the live log). */
export interface ExecutionEvent {
  at: string;
  /** queued | started | model | tool | retry | warning | skipped | done | error */
  type: string;
  /** English text, as before codes existed (API clients read it). */
  message: string;
  /** What happened, stable across releases (see RUN_EVENT_CODES); absent on old documents. */
  code?: RunEventCode;
  /** The values the text is made of, when it has any. */
  params?: RunEventParams;
}

/** A line before it is stamped: its code, values, and (for text that comes from elsewhere) its message. */
export interface RunEventInput {
  code: RunEventCode;
  params?: RunEventParams;
  /** Overrides the English template: model errors, and texts composed elsewhere (the budget refusal). */
  message?: string;
}

type Template = { type: string; text: (p: RunEventParams) => string };

const plural = (n: unknown, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const SKIP_REASONS: Record<string, string> = {
  too_many: 'a run keeps at most 20 files',
  too_big: 'a file may be at most 10 MB',
  total_too_big: "a run's files may be at most 50 MB together",
  not_a_file: 'not a regular file inside out/',
  bad_name: 'no usable file name',
  unavailable: 'the file could not be fetched',
};
const skipReason = (reason: unknown) => SKIP_REASONS[String(reason)] ?? String(reason);

/** Every code, its event type and its English text. */
const TEMPLATES = {
  queued: { type: 'queued', text: () => 'Queued to run now.' },
  skipped: {
    type: 'skipped',
    text: (p) =>
      `The platform was unavailable at ${plural(p.count, 'earlier scheduled time', 'earlier scheduled times')}; running once, for the latest.`,
  },
  started: { type: 'started', text: () => 'Run started.' },
  started_again: { type: 'started', text: (p) => `Run started again (attempt ${p.attempt}).` },
  asking_model: { type: 'model', text: (p) => `Asking ${p.model}.` },
  model_continuing: { type: 'model', text: () => 'Claude is still working (long tool use); continuing.' },
  web_search: { type: 'tool', text: (p) => `Searching the web: "${p.query}"` },
  web_fetch: { type: 'tool', text: (p) => `Fetching ${p.url}` },
  web_fetch_page: { type: 'tool', text: () => 'Fetching a web page' },
  code_execution: { type: 'tool', text: () => 'Running code' },
  tool_failed: { type: 'tool', text: (p) => `A tool call failed (${p.errorCode}).` },
  search_results: { type: 'tool', text: (p) => `Found ${p.count} results.` },
  output_ceiling: {
    type: 'warning',
    text: (p) =>
      `Stopped at the run's output ceiling (${Number(p.limit).toLocaleString('en-US')} tokens); the result may be cut short.`,
  },
  input_ceiling: {
    type: 'warning',
    text: (p) =>
      `Stopped before the run's input ceiling (${Number(p.limit).toLocaleString('en-US')} tokens); the result may be incomplete.`,
  },
  finished: { type: 'done', text: (p) => `Finished: ${p.input} input and ${p.output} output tokens.` },
  /** A retryable model error; `reason` is the error's English text (from elsewhere). */
  retry: { type: 'retry', text: (p) => `${p.reason} (attempt ${p.attempt})` },
  worker_lost: { type: 'retry', text: () => 'The worker stopped answering; the run is handed to a new one.' },
  task_lost: { type: 'retry', text: () => "The run's task was lost; it is queued again." },
  /** An error whose text comes from elsewhere (a model error): the message is all there is. */
  error: { type: 'error', text: () => 'The run failed.' },
  gave_up: { type: 'error', text: (p) => `The run did not finish after ${p.attempts} attempts; it was given up.` },
  not_started: { type: 'error', text: () => 'The run could not be started; it was given up.' },
  budget_spent: {
    type: 'error',
    text: (p) => `This month's token budget is spent (${p.used} of ${p.budget} tokens). Runs resume on ${p.resetsOn}.`,
  },
  /** A budget refused the run's next model call (functions/src/money): which one, its size, when it resets. */
  budget_refused: {
    type: 'error',
    text: (p) =>
      `${budgetLabel(p.budget)} (${p.unit === 'tokens' ? `${p.limit} tokens` : `$${p.limit}`}) does not cover the next step. It resets on ${p.resetsOn}.`,
  },
  stale_no_draft: { type: 'error', text: () => 'The test run has no draft to run.' },
  stale_agent_deleted: { type: 'error', text: () => 'The agent was deleted before the run started.' },
  stale_agent_foreign: { type: 'error', text: () => 'The agent belongs to someone else.' },
  stale_agent_paused: { type: 'error', text: () => 'The agent was paused before the run started.' },
  stale_schedule_changed: { type: 'error', text: () => "The agent's schedule changed before the run started." },
  /** The log grew past what a run keeps (functions/src/runs/bounds.ts): the first lines and the latest stay. */
  events_dropped: {
    type: 'warning',
    text: (p) =>
      `Dropped ${plural(p.count, 'earlier line', 'earlier lines')} of this log to keep the run within its size limit.`,
  },
  /** A workspace run (Claude Code in an isolated build, functions/src/runs/workspace/). */
  /** The budgets left less than a whole session's worst case: it runs under a smaller spending limit. */
  workspace_budget_fitted: {
    type: 'warning',
    text: (p) =>
      `The budget left does not cover a full workspace session ($${p.usual}); this one may spend up to $${p.held}, and stops when it reaches that.`,
  },
  workspace_started: { type: 'model', text: (p) => `Claude Code started in a fresh workspace (${p.model}).` },
  workspace_command: { type: 'tool', text: (p) => `Running a command: ${p.command}` },
  workspace_file: { type: 'tool', text: (p) => `Writing ${p.path}` },
  workspace_tool: { type: 'tool', text: (p) => `Using ${p.tool}` },
  artifact_kept: { type: 'tool', text: (p) => `Kept the file ${p.name} (${plural(p.bytes, 'byte', 'bytes')}).` },
  /** `reason`: too_many | too_big | total_too_big | not_a_file | bad_name | unavailable. */
  artifact_skipped: { type: 'warning', text: (p) => `Did not keep ${p.path} (${skipReason(p.reason)}).` },
  /** The result was longer than a run keeps (functions/src/runs/bounds.ts). */
  result_cut: {
    type: 'warning',
    text: (p) => `The result was cut at ${Number(p.limit).toLocaleString('en-US')} bytes, the most a run keeps.`,
  },
} satisfies Record<string, Template>;

export type RunEventCode = keyof typeof TEMPLATES;

function budgetLabel(budget: unknown): string {
  switch (budget) {
    case 'agent_budget':
      return "This agent's monthly budget";
    case 'platform_budget':
      return "The platform's monthly budget";
    case 'token_budget':
      return "This month's token limit";
    default:
      return "This month's budget";
  }
}

/** Every code a run may write, for the web app's catalog check. */
export const RUN_EVENT_CODES = Object.keys(TEMPLATES) as RunEventCode[];

/** The English text of a code with its values. */
export function englishText(code: RunEventCode, params: RunEventParams = {}): string {
  return TEMPLATES[code].text(params);
}

/** Characters kept of a line's message and of each text value: a log line stays a line. */
export const EVENT_MESSAGE_MAX_CHARS = 1_000;
export const EVENT_PARAM_MAX_CHARS = 500;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A stamped event: type from the code, the English message, and the code and values for the web. */
export function runEvent(at: string, input: RunEventInput): ExecutionEvent {
  const { code, params, message } = input;
  const values = params
    ? Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? clip(v, EVENT_PARAM_MAX_CHARS) : v]),
      )
    : undefined;
  return {
    at,
    type: TEMPLATES[code].type,
    message: clip(message ?? englishText(code, values), EVENT_MESSAGE_MAX_CHARS),
    code,
    ...(values && Object.keys(values).length ? { params: values } : {}),
  };
}
