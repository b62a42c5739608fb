/**
 * A run-log line in the user's language. The server gives each event a stable
 * `code` and the values its text is made of (`params`); this turns them into
 * words through the i18n catalog, with numbers and dates in the user's locale.
 * Anything it cannot say (a code from a newer server, values missing, events of
 * runs from before codes existed) shows the server's English `message`.
 */

import type { RunEvent } from '../data/types';
import { messagesFor } from '../i18n/messages';
import { getLocale, type Locale } from '../state/locale';
import { formatNumber } from './format';
import { modelReasonText } from './model-reason';

type Messages = ReturnType<typeof messagesFor>;

/** Reads one event's values; each getter answers null when the value is missing or of the wrong kind. */
class Values {
  constructor(
    private readonly params: Record<string, unknown>,
    private readonly locale: Locale,
  ) {}
  count(key: string): number | null {
    const v = this.params[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  number(key: string): string | null {
    const v = this.count(key);
    return v === null ? null : formatNumber(v, this.locale);
  }
  text(key: string): string | null {
    const v = this.params[key];
    return typeof v === 'string' && v !== '' ? v : null;
  }
  /** A calendar day ("2026-12-01") as the locale writes it; the day itself, not an instant, so no time zone shifts it. */
  day(key: string): string | null {
    const v = this.text(key);
    if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
    return new Intl.DateTimeFormat(this.locale === 'ko' ? 'ko-KR' : 'en-US', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${v}T00:00:00Z`));
  }
}

type Say = (m: Messages, v: Values, message: string) => string | null;

/** Every code the server writes (functions/src/runs/events.ts), and how to say it; null when a value is missing. */
const SAY: Record<string, Say> = {
  queued: (m) => m.ev_queued,
  skipped: (m, v) => {
    const [text, n] = [v.number('count'), v.count('count')];
    return text !== null && n !== null ? m.ev_skipped(text, n) : null;
  },
  started: (m) => m.ev_started,
  started_again: (m, v) => map(v.number('attempt'), m.ev_started_again),
  asking_model: (m, v) => map(v.text('model'), m.ev_asking_model),
  model_continuing: (m) => m.ev_model_continuing,
  web_search: (m, v) => map(v.text('query'), m.ev_web_search),
  web_fetch: (m, v) => map(v.text('url'), m.ev_web_fetch),
  web_fetch_page: (m) => m.ev_web_fetch_page,
  code_execution: (m) => m.ev_code_execution,
  tool_failed: (m, v) => map(v.text('errorCode'), m.ev_tool_failed),
  search_results: (m, v) => {
    const [text, n] = [v.number('count'), v.count('count')];
    return text !== null && n !== null ? m.ev_search_results(text, n) : null;
  },
  output_ceiling: (m, v) => map(v.number('limit'), m.ev_output_ceiling),
  finished: (m, v) => {
    const [input, output] = [v.number('input'), v.number('output')];
    return input !== null && output !== null ? m.ev_finished(input, output) : null;
  },
  // The reason in the user's language when the server names it (`reasonCode`), else its English text.
  retry: (m, v) => {
    const [attempt, reason] = [v.number('attempt'), reasonText(m, v) ?? v.text('reason')];
    return attempt !== null && reason !== null ? m.ev_retry(attempt, reason) : null;
  },
  worker_lost: (m) => m.ev_worker_lost,
  task_lost: (m) => m.ev_task_lost,
  // A model error: its reason in the user's language when named (a refusal keeps the service's
  // own words after it); anything else shows the message as it came.
  error: (m, v, message) => {
    const reason = reasonText(m, v);
    if (!reason) return m.ev_error(message);
    const detail =
      v.text('reasonCode') === 'refused' ? message.replace(/^The model service refused the request:\s*/, '') : '';
    const gaveUp = v.number('gaveUpAfter');
    return [reason, detail && detail !== message ? `(${detail})` : '', gaveUp ? m.ev_gave_up_after(gaveUp) : '']
      .filter(Boolean)
      .join(' ');
  },
  gave_up: (m, v) => {
    const [text, n] = [v.number('attempts'), v.count('attempts')];
    return text !== null && n !== null ? m.ev_gave_up(text, n) : null;
  },
  not_started: (m) => m.ev_not_started,
  budget_spent: (m, v) => {
    const [used, budget, resetsOn] = [v.number('used'), v.number('budget'), v.day('resetsOn')];
    return used !== null && budget !== null && resetsOn !== null ? m.ev_budget_spent(used, budget, resetsOn) : null;
  },
  budget_refused: (m, v) => {
    const [limit, resetsOn, budget] = [v.text('limit'), v.day('resetsOn'), v.text('budget')];
    if (limit === null || resetsOn === null) return null;
    return m.ev_budget_refused(
      budget ?? 'user_budget',
      v.text('unit') === 'tokens' ? m.tokens_of(limit) : `$${limit}`,
      resetsOn,
    );
  },
  input_ceiling: (m, v) => map(v.number('limit'), m.ev_input_ceiling),
  stale_no_draft: (m) => m.ev_stale_no_draft,
  stale_agent_deleted: (m) => m.ev_stale_agent_deleted,
  stale_agent_foreign: (m) => m.ev_stale_agent_foreign,
  stale_agent_paused: (m) => m.ev_stale_agent_paused,
  stale_schedule_changed: (m) => m.ev_stale_schedule_changed,
  events_dropped: (m, v) => {
    const [text, n] = [v.number('count'), v.count('count')];
    return text !== null && n !== null ? m.ev_events_dropped(text, n) : null;
  },
  result_cut: (m, v) => map(v.number('limit'), m.ev_result_cut),
  workspace_budget_fitted: (m, v) => {
    const [held, usual] = [v.text('held'), v.text('usual')];
    return held !== null && usual !== null ? m.ev_workspace_budget_fitted(`$${held}`, `$${usual}`) : null;
  },
  workspace_started: (m, v) => map(v.text('model'), m.ev_workspace_started),
  workspace_command: (m, v) => map(v.text('command'), m.ev_workspace_command),
  workspace_file: (m, v) => map(v.text('path'), m.ev_workspace_file),
  workspace_tool: (m, v) => map(v.text('tool'), m.ev_workspace_tool),
  artifact_kept: (m, v) => {
    const [name, bytes] = [v.text('name'), v.number('bytes')];
    return name !== null && bytes !== null ? m.ev_artifact_kept(name, bytes) : null;
  },
  artifact_skipped: (m, v) => {
    const [path, reason] = [v.text('path'), v.text('reason')];
    const said = reason ? (m as unknown as Record<string, unknown>)[`ev_skip_${reason}`] : undefined;
    return path !== null && typeof said === 'string' ? m.ev_artifact_skipped(path, said) : null;
  },
};

/** A model error's reason (`reasonCode`) in the event's language, or null when absent or unknown. */
function reasonText(m: Messages, v: Values): string | null {
  return modelReasonText(m, v.text('reasonCode'));
}

function map(value: string | null, say: (value: string) => string): string | null {
  return value === null ? null : say(value);
}

/** The codes this module can say (tests check it against the server's list). */
export const KNOWN_RUN_EVENT_CODES: readonly string[] = Object.keys(SAY);

/** The event as the user reads it, in `locale`; the server's English message when the code is unknown or absent. */
export function formatRunEvent(event: Pick<RunEvent, 'message' | 'code' | 'params'>, locale = getLocale()): string {
  const say = event.code && Object.hasOwn(SAY, event.code) ? SAY[event.code] : undefined;
  const params = event.params && typeof event.params === 'object' ? event.params : {};
  const text = say?.(messagesFor(locale), new Values(params, locale), event.message ?? '');
  return text || event.message || '';
}

/**
 * A failed run's error in the user's language: the last error event, said from
 * its code, when it says the same thing as the run's `error`; else `error` as it is.
 */
export function formatRunError(
  run: { error?: string | null; events?: Pick<RunEvent, 'type' | 'message' | 'code' | 'params'>[] },
  locale = getLocale(),
): string {
  const error = run.error ?? '';
  const last = [...(run.events ?? [])].reverse().find((e) => e.type === 'error');
  return last?.code && last.message === error ? formatRunEvent(last, locale) : error;
}
