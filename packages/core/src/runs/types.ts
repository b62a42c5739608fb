/**
 * An execution: one run of an agent (or of an unsaved draft), stored at
 * `executions/{id}`. It is a small state machine
 * (docs/decisions/2026-11-22-run-state-machine.md):
 *
 *   queued ──claim──▶ running ──▶ success | failed
 *     ▲                  │
 *     └── retryable ─────┘   (attempt counts every claim)
 *
 * A claim takes a lease (`leaseId`, `leaseUntil`); a delivery that finds a live
 * lease does nothing, one that finds an expired lease takes over. `staleAfter`
 * is the instant after which the sweeper may treat the execution as abandoned
 * (its task lost, its worker gone); it is null once the run has finished, so the
 * sweeper's query touches only unfinished runs that overstayed.
 */
import type { DeliveryRecord } from '../agent/deliveries';
import type { Engine, ToolName } from '../agent/schema';
import type { TokenUsage } from '../model/usage';
import type { ExecutionEvent } from './events';

export const TRIGGERS = ['schedule', 'manual', 'test'] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const EXECUTION_STATUSES = ['queued', 'running', 'success', 'failed'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** What a test run of an unsaved draft needs, carried on its execution. */
export interface RunDraft {
  name: string;
  finalAgentPrompt: string;
  tools: ToolName[];
  model: string;
  /** How the draft runs (absent on test runs stored before engines existed: `messages`). */
  engine?: Engine;
}

/** A file a run made and kept (a workspace run's `out/` folder, the code-execution tool's output). */
export interface ArtifactJson {
  /** The file's name, unique within its run: letters, digits, `.`, `-`, `_` (see artifacts/names). */
  name: string;
  bytes: number;
  contentType: string;
}

/** `executions/{id}` in Firestore. */
export interface ExecutionDoc {
  userId: string;
  /** Null for a test run of a draft. */
  agentId: string | null;
  trigger: Trigger;
  /** The run time this execution is for (scheduled time, or when a manual run was asked for). */
  scheduledFor: string;
  startTime: string | null;
  endTime: string | null;
  status: ExecutionStatus;
  result: string | null;
  error: string | null;
  events: ExecutionEvent[];
  tokenUsage: TokenUsage;
  costUsd: number;
  model: string | null;
  /** Claims so far (1 on the first try). */
  attempt: number;
  /** Scheduled times missed while the platform was down, folded into this run. */
  skippedRuns: number;
  /** The draft for a test run; null otherwise. */
  draft: RunDraft | null;
  conversationId: string | null;
  leaseId: string | null;
  leaseUntil: string | null;
  /** After this instant an unfinished execution counts as abandoned (see above); null when finished. */
  staleAfter: string | null;
  /** Times the sweeper re-enqueued it (each under a fresh task name). */
  requeues: number;
  /** One record per delivery the run's end set off (docs/api.md "Deliveries"), in the agent's order. */
  deliveries: DeliveryRecord[];
  createdAt: string;
  /** Files the run kept, in the order it made them. */
  artifacts: ArtifactJson[];
}

/** The API's execution JSON: the document without its internals. */
export interface ExecutionJson {
  id: string;
  agentId: string | null;
  trigger: Trigger;
  scheduledFor: string;
  startTime: string | null;
  endTime: string | null;
  status: ExecutionStatus;
  result: string | null;
  error: string | null;
  /** Each with `at`, `type`, English `message`, and (since codes exist) `code` and `params`. */
  events: ExecutionEvent[];
  tokenUsage: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  model: string | null;
  attempt: number;
  skippedRuns: number;
  conversationId: string | null;
  deliveries: DeliveryRecord[];
  artifacts: ArtifactJson[];
}
