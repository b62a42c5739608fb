/**
 * The WorkspaceRunner port: one workspace run of Claude Code, start to end.
 * Production runs it as one Cloud Build build from the prebuilt image
 * (functions/src/adapters/cloud-build-workspace.ts); the local stack runs the
 * same command as a subprocess in a fresh temporary folder
 * (local/src/workspace-runner.ts). Either way the prompt travels as a file,
 * never inside a shell line, and the CLI's stream-json lines come back as they are.
 */
import type { ToolName } from '@agent-platform/core/agent';
import type { MadeFile } from '../../artifacts/keep';

export interface WorkspaceJob {
  executionId: string;
  /** The agent's prompt, given to the CLI on its standard input, byte for byte. */
  prompt: string;
  /** Appended to Claude Code's own system prompt (date, zone, `out/`, the previous result). */
  systemPrompt: string;
  model: string;
  /** The agent's server tools; they decide whether web search and fetch are allowed. */
  tools: readonly ToolName[];
  maxTurns: number;
  /** The CLI stops itself once it has spent this much (`--max-budget-usd`). */
  maxBudgetUsd: number;
  /** Output tokens per model call (`CLAUDE_CODE_MAX_OUTPUT_TOKENS`): bounds what one turn can cost. */
  maxOutputTokens: number;
  timeoutSeconds: number;
  signal: AbortSignal;
}

/** A file the run left under `out/` (its path under `out/`, `/`-separated), as found. */
export type WorkspaceFile = MadeFile;

export interface WorkspaceResult {
  /** How the command ended: `timeout` when the runner stopped it at `timeoutSeconds`. */
  ended: 'exited' | 'timeout' | 'aborted';
  exitCode: number | null;
  /** The last lines the CLI wrote to stderr (for a failure's message; never the prompt). */
  stderrTail: string;
  /** Files under `out/`; empty when the run did not end by itself (as Cloud Build uploads nothing then). */
  files: WorkspaceFile[];
}

export interface WorkspaceRunner {
  /** Runs the job, handing each stream-json line of the CLI to `onLine` as it comes. */
  run(job: WorkspaceJob, onLine: (line: string) => void): Promise<WorkspaceResult>;
}

/** The CLI's arguments (no prompt: it goes on standard input), the same locally and in the build. */
export function claudeArgs(job: Pick<WorkspaceJob, 'model' | 'tools' | 'maxTurns' | 'maxBudgetUsd'>): string[] {
  const tools = ['Bash', 'Read', 'Write', 'Edit', 'Glob', 'Grep'];
  if (job.tools.includes('web_search')) tools.push('WebSearch');
  if (job.tools.includes('web_fetch')) tools.push('WebFetch');
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    job.model,
    '--max-turns',
    String(job.maxTurns),
    '--max-budget-usd',
    job.maxBudgetUsd.toFixed(2),
    // The tools that exist, and the same set allowed without asking: no one is there to answer.
    '--tools',
    tools.join(','),
    '--allowedTools',
    tools.join(','),
    '--append-system-prompt-file',
    'system.txt',
    '--no-session-persistence',
  ];
}

/** The session's limits that the CLI reads from its environment, the same locally and in the build. */
export function sessionEnv(job: Pick<WorkspaceJob, 'maxOutputTokens'>): Record<string, string> {
  return { CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(job.maxOutputTokens) };
}

/**
 * The environment of the CLI: the model endpoint and key, a home of its own,
 * and no traffic beyond the model calls (no telemetry, updates or error reports).
 */
export function claudeEnv(
  endpoint: { apiKey: string; baseURL?: string | undefined },
  home: string,
): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: endpoint.apiKey,
    ...(endpoint.baseURL ? { ANTHROPIC_BASE_URL: endpoint.baseURL } : {}),
    HOME: home,
    CLAUDE_CONFIG_DIR: `${home}/.claude`,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  };
}

/**
 * The step's map of kept file (`f0`, `f1`, …) to the path it had under `out/`
 * (docker/workspace/keep-files.mjs), in the kept folder beside them.
 */
export const KEPT_PATHS = 'paths.json';

/** The map in paths.json; null when it cannot be read. */
export function parseKeptPaths(data: Uint8Array): Record<string, string> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null;
  }
}
