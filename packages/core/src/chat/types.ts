/**
 * The chat's documents (`conversations/{id}` and its `messages/{id}`) and the
 * parts an assistant message is made of. The web app renders parts in order;
 * while a reply is being written its message has `state: 'streaming'` and
 * grows in place. The store reads both documents through the converters in
 * `documents.ts`.
 */
import type { AgentSpec } from '../agent/schema';
import type { Locale } from '../locale';
import type { TokenUsage } from '../model/usage';

/** What an agent will likely cost, per run and per month (the designer's estimate). */
export interface CostEstimate {
  /** `estimate` from typical usage; `test_run` from a finished test run of this draft. */
  basis: 'estimate' | 'test_run';
  model: string;
  modelLabel: string;
  tokensPerRun: { input: number; output: number };
  perRunUsd: number;
  /** Null for an agent without a schedule (it runs only when asked). */
  runsPerMonth: number | null;
  perMonthUsd: number | null;
}

/** What the designer is doing right now ("Checking the schedule…"). */
export interface StatusPartData {
  phase: StatusPhase;
  text: string;
}
export type StatusPhase = 'analysing' | 'drafting' | 'checking' | 'correcting';

/** A schedule in words with its next runs, as a person in its zone reads them. */
export interface SchedulePreview {
  description: string;
  timezone: string;
  nextRuns: { at: string; label: string }[];
}

/** A draft the shared schema accepted, with what the person should hear before saving. */
export interface DraftPartData {
  draft: AgentSpec;
  schedule: SchedulePreview | null;
  estimate: CostEstimate;
  /** The same, as one paragraph in the conversation's language. */
  summary: string;
}

/** A test run of the draft; the web follows `executions/{executionId}` for its progress. */
export interface TestRunPartData {
  executionId: string;
  status: 'queued' | 'running' | 'success' | 'failed';
  result?: string | null;
  error?: string | null;
  tokenUsage?: TokenUsage;
  costUsd?: number;
}

export interface ErrorPartData {
  code: string;
  message: string;
  /** A model error's reason word (`ModelErrorReason`), for clients to say in their language. */
  reason?: string;
}

export type MessagePart =
  | { type: 'status'; data: StatusPartData }
  | { type: 'text'; data: { text: string } }
  | { type: 'agent_draft'; data: DraftPartData }
  | { type: 'test_run'; data: TestRunPartData }
  | { type: 'error'; data: ErrorPartData };

/** `conversations/{id}/messages/{id}`. */
export interface MessageDoc {
  userId: string;
  role: 'user' | 'assistant';
  content: string;
  parts: MessagePart[];
  tokenUsage: TokenUsage | null;
  /** `streaming` while the reply is being written; `complete` or `error` once done. */
  state: 'streaming' | 'complete' | 'error';
  /** While streaming: the turn's lease; a reply still streaming after it was interrupted (a crash). */
  leaseUntil?: string | null;
  /** The chatTurn worker delivery writing this reply (turns started with `Prefer: respond-async`). */
  workerId?: string | null;
  timestamp: string;
}

/** `conversations/{id}`. */
export interface ConversationDoc {
  userId: string;
  /** The agent this conversation edits, or the one it was saved as. */
  agentId: string | null;
  title: string;
  draft: AgentSpec | null;
  /** The client's IANA zone, the default for a draft's schedule. */
  timezone: string | null;
  locale: Locale;
  tokenUsage: TokenUsage;
  costUsd: number;
  lastTestRun: { executionId: string; draftKey: string; at: string } | null;
  /** A turn holds this until it finishes, so two turns never interleave. */
  turnLeaseUntil: string | null;
  /** The reply the current turn is writing (to mark it interrupted if the turn died). */
  turnMessageId?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The API's message JSON. */
export interface MessageJson {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  parts: MessagePart[];
  tokenUsage: TokenUsage | null;
  timestamp: string;
  state: MessageDoc['state'];
}

export function toMessageJson(id: string, doc: MessageDoc): MessageJson {
  return {
    id,
    role: doc.role,
    content: doc.content,
    parts: doc.parts ?? [],
    tokenUsage: doc.tokenUsage ?? null,
    timestamp: doc.timestamp,
    state: doc.state ?? 'complete',
  };
}

/** The API's conversation JSON (`GET /api/conversations/{id}`). */
export interface ConversationJson {
  id: string;
  agentId: string | null;
  title: string;
  draft: AgentSpec | null;
  /** What the current draft will likely cost (from its test run once one has finished). */
  estimate: CostEstimate | null;
  timezone: string | null;
  tokenUsage: TokenUsage;
  costUsd: number;
  createdAt: string;
  updatedAt: string;
  messages: MessageJson[];
}
