/**
 * The workspace engine: one attempt of a run as Claude Code in an isolated
 * build (docs/workspace-runs.md). It hands the job to the WorkspaceRunner,
 * turns the CLI's lines into the run's log, takes usage from the CLI's own
 * final report, and keeps the files under `out/` in the ArtifactStore. The
 * same execution record, events, usage and error format as a Messages run.
 */
import { NonRetriableError } from '@agent-platform/core/errors';
import type { ArtifactStore } from '@agent-platform/core/ports';
import type { ArtifactJson } from '@agent-platform/core/runs';
import { keepFiles } from '../../artifacts/keep';
import { type AttemptTask, type Progress, type RunMeter, systemPrompt } from '../model-loop';
import type { WorkspaceRunner } from './port';
import type { CliReport } from './stream';
import { readCliLine } from './stream';

export interface WorkspaceRequest extends AttemptTask {
  executionId: string;
  timeoutSeconds: number;
  maxTurns: number;
  /** The most the run may spend; the CLI stops itself there (see worst-case.ts). */
  maxBudgetUsd: number;
  /** Output tokens per model call, so one turn's cost is bounded (worst-case.ts). */
  maxOutputTokens: number;
  signal: AbortSignal;
}

/** What the attempt used and kept so far; filled in even when it throws. */
export interface WorkspaceMeter extends RunMeter {
  artifacts: ArtifactJson[];
}

export interface WorkspaceOutcome {
  result: string;
  /** True when the CLI stopped at its turn limit: the result may be unfinished. */
  truncated: boolean;
}

/** What Claude Code is told beyond the agent's prompt: the run's frame, and where files go. */
export function workspaceSystemPrompt(req: Pick<AttemptTask, 'now' | 'timezone' | 'previousResult'>): string {
  return [
    systemPrompt(req),
    'You work in a fresh, empty folder on a machine of your own, with Python 3 (pandas, numpy, requests,',
    'beautifulsoup4, matplotlib, seaborn) and Node.js. Save every file the user should receive (charts, CSV,',
    'reports) under ./out/ in the current folder: only files there are kept, at most 20 files of 10 MB each.',
    'Your final message is the run result; mention the files you saved by name.',
  ].join('\n');
}

/** Runs one attempt; throws a NonRetriableError for a timeout or a CLI failure (after keeping its files). */
export async function runWorkspace(
  runner: WorkspaceRunner,
  store: ArtifactStore,
  req: WorkspaceRequest,
  meter: WorkspaceMeter,
  progress: Progress,
): Promise<WorkspaceOutcome> {
  let report: CliReport | null = null;
  const ran = await runner.run(
    {
      executionId: req.executionId,
      prompt: req.prompt,
      systemPrompt: workspaceSystemPrompt(req),
      model: req.model,
      tools: req.tools,
      maxTurns: req.maxTurns,
      maxBudgetUsd: req.maxBudgetUsd,
      maxOutputTokens: req.maxOutputTokens,
      timeoutSeconds: req.timeoutSeconds,
      signal: req.signal,
    },
    (line) => {
      for (const item of readCliLine(line)) {
        if (item.kind === 'event') progress(item.event);
        else report = item.report;
      }
    },
  );
  const final = report as CliReport | null;
  if (final) {
    meter.usage = final.usage;
    meter.calls = final.turns;
  }
  if (ran.ended === 'aborted') throw req.signal.reason ?? new Error('The run was stopped.');
  if (ran.ended === 'timeout') {
    throw new NonRetriableError(
      {
        en: `The workspace run took longer than its ${req.timeoutSeconds}-second limit and was stopped. Ask for less work in the prompt, or split it into several agents.`,
        ko: `작업 공간 실행이 제한 시간 ${req.timeoutSeconds}초를 넘겨 중단되었습니다. 프롬프트에서 요청하는 작업을 줄이거나 여러 에이전트로 나누세요.`,
      },
      undefined,
      'workspace_timeout',
    );
  }
  meter.artifacts = await keepFiles(store, req.executionId, ran.files, progress);
  if (!final) {
    throw new NonRetriableError(
      {
        en: `Claude Code stopped without a result (exit code ${ran.exitCode ?? 'none'}).${ran.stderrTail ? ` ${ran.stderrTail}` : ''}`,
        ko: `Claude Code가 결과 없이 멈췄습니다(종료 코드 ${ran.exitCode ?? '없음'}).${ran.stderrTail ? ` ${ran.stderrTail}` : ''}`,
      },
      undefined,
      'workspace_failed',
    );
  }
  if (final.subtype === 'error_max_budget_usd') {
    throw new NonRetriableError(
      {
        en: `The workspace run reached its spending limit of $${req.maxBudgetUsd.toFixed(2)} and was stopped.`,
        ko: `작업 공간 실행이 지출 한도 $${req.maxBudgetUsd.toFixed(2)}에 이르러 중단되었습니다.`,
      },
      undefined,
      'workspace_budget',
    );
  }
  if (final.isError && final.subtype !== 'error_max_turns') {
    throw new NonRetriableError(
      {
        en: `Claude Code reported an error (${final.subtype}): ${final.result || 'no details'}`,
        ko: `Claude Code가 오류를 알렸습니다(${final.subtype}): ${final.result || '자세한 내용 없음'}`,
      },
      undefined,
      'workspace_failed',
    );
  }
  return { result: final.result.trim(), truncated: final.subtype === 'error_max_turns' };
}
