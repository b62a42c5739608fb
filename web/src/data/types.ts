/**
 * Shapes of the documents the web app reads (DESIGN.md "Firestore data") and of
 * the API's JSON (API.md). Times are ISO-8601 UTC strings everywhere.
 */

// The agent's shapes come from the one shared schema (type-only: nothing of it is bundled here).
export type { AgentStatus, Frequency, Schedule, ToolName } from '../../../functions/src/agents/schema';

import type { AgentStatus, Schedule, ToolName } from '../../../functions/src/agents/schema';

export type RunStatus = 'queued' | 'running' | 'success' | 'failed';

export interface TokenUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface Agent {
  id: string;
  userId?: string;
  name: string;
  description?: string;
  finalAgentPrompt: string;
  tools: ToolName[];
  model?: string;
  schedule: Schedule | null;
  status: AgentStatus;
  nextRunAt: string | null;
  lastRun: { executionId: string; status: RunStatus; endTime?: string | null } | null;
  totalTokenUsage?: TokenUsage;
  costUsd?: number;
  runCount?: number;
  conversationId?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** The writable fields of an agent (PATCH body, and the draft the designer proposes). */
export type AgentSpec = Pick<Agent, 'name' | 'finalAgentPrompt'> &
  Partial<Pick<Agent, 'description' | 'tools' | 'model' | 'schedule' | 'status'>>;

/** A line of a run's log. `code` and `params` say it in the user's language (format/run-event.ts); older runs have `message` only. */
export interface RunEvent {
  at: string;
  type: string;
  /** English text, shown when the code is unknown or absent. */
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

export interface Execution {
  id: string;
  userId?: string;
  agentId: string | null;
  trigger: 'schedule' | 'manual' | 'test';
  scheduledFor?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  status: RunStatus;
  result?: string | null;
  error?: string | null;
  events?: RunEvent[];
  tokenUsage?: TokenUsage;
  costUsd?: number;
  model?: string;
}

export type MessagePart =
  | { type: 'status'; data: { text: string } }
  | { type: 'text'; data: { text: string } }
  | { type: 'agent_draft'; data: { draft: AgentSpec; summary?: string; estimate?: CostEstimate } }
  | { type: 'test_run'; data: { executionId: string; status: RunStatus; result?: string } }
  | { type: 'error'; data: { message: string; code?: string; reason?: string } };

/** What a draft will likely cost (the chat's estimate, or the test run's real figures). */
export interface CostEstimate {
  basis: 'estimate' | 'test_run';
  modelLabel?: string;
  perRunUsd: number;
  runsPerMonth: number | null;
  perMonthUsd: number | null;
}

/** True for a reply left streaming by a turn that died (its lease ran out). */
export function isInterrupted(msg: Pick<ChatMessage, 'state' | 'leaseUntil'>, now = Date.now()): boolean {
  return msg.state === 'streaming' && Boolean(msg.leaseUntil) && Date.parse(msg.leaseUntil as string) < now;
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  parts?: MessagePart[];
  /** `streaming` while the reply is being written in place. */
  state?: 'streaming' | 'complete' | 'error';
  /** While streaming, the turn's lease: a reply still streaming after it was interrupted. */
  leaseUntil?: string | null;
  tokenUsage?: TokenUsage;
  timestamp: string;
}

export interface Conversation {
  id: string;
  agentId?: string | null;
  title?: string;
  draft?: AgentSpec | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface MonthUsage {
  input: number;
  output: number;
  costUsd: number;
}

/** The user's usage document (users/{uid}). */
export interface UserDoc {
  id: string;
  usage?: Record<string, MonthUsage>;
  budget?: number;
  createdAt?: string;
}
