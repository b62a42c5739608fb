/**
 * Reading Claude Code's `--output-format stream-json` lines: one JSON object a
 * line (`system` init, `assistant` and `user` turns, and a final `result` with
 * the run's usage and cost as the CLI counted them). Tool calls become lines of
 * the run's log; the final report becomes the run's result and usage.
 */
import type { RunEventInput } from '@agent-platform/core/runs';
import { type TokenUsage, usageFromApi } from '../../model/usage';

/** The CLI's own final report (its `result` line). */
export interface CliReport {
  /** The final answer's text (Markdown). */
  result: string;
  isError: boolean;
  /** `success`, `error_max_turns`, `error_max_budget_usd`, `error_during_execution`, … */
  subtype: string;
  usage: TokenUsage;
  /** What the CLI says the run cost, by its own price list. */
  costUsd: number;
  turns: number;
}

export type CliLine = { kind: 'event'; event: RunEventInput } | { kind: 'report'; report: CliReport };

/** What one line means for the run: a log line, the final report, or nothing worth keeping. */
export function readCliLine(line: string): CliLine[] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return [];
  }
  if (!value || typeof value !== 'object') return [];
  const msg = value as Record<string, unknown>;
  if (msg.type === 'system' && msg.subtype === 'init') {
    return [{ kind: 'event', event: { code: 'workspace_started', params: { model: text(msg.model) } } }];
  }
  if (msg.type === 'assistant') {
    const content = ((msg.message ?? {}) as { content?: unknown }).content;
    if (!Array.isArray(content)) return [];
    return content.flatMap((block) => {
      const event = describeCliTool(block as Record<string, unknown>);
      return event ? [{ kind: 'event' as const, event }] : [];
    });
  }
  if (msg.type === 'result') {
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    return [
      {
        kind: 'report',
        report: {
          result: typeof msg.result === 'string' ? msg.result : '',
          isError: msg.is_error === true,
          subtype: text(msg.subtype) || 'unknown',
          usage: usageFromApi(msg.usage),
          costUsd: num(msg.total_cost_usd),
          turns: num(msg.num_turns),
        },
      },
    ];
  }
  return [];
}

/** A log line for one of Claude Code's tool calls. */
function describeCliTool(block: Record<string, unknown>): RunEventInput | null {
  if (block.type !== 'tool_use') return null;
  const input = (block.input ?? {}) as Record<string, unknown>;
  switch (block.name) {
    case 'Bash':
      return { code: 'workspace_command', params: { command: clip(text(input.command)) } };
    case 'Write':
    case 'Edit':
      return { code: 'workspace_file', params: { path: clip(workspacePath(text(input.file_path))) } };
    case 'WebSearch':
      return { code: 'web_search', params: { query: clip(text(input.query)) } };
    case 'WebFetch':
      return { code: 'web_fetch', params: { url: clip(text(input.url)) } };
    default:
      return { code: 'workspace_tool', params: { tool: clip(text(block.name)) } };
  }
}

/** A path as the person knows it: from `out/` on, not the build machine's folder. */
function workspacePath(path: string): string {
  const at = path.lastIndexOf('/out/');
  return at >= 0 ? path.slice(at + 1) : (path.split('/').pop() ?? path);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function clip(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
