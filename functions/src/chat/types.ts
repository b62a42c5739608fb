/**
 * The chat's documents (DESIGN.md "Firestore data") and the parts an assistant
 * message is made of. The web app renders parts in order; while a reply is
 * being written its message has `state: 'streaming'` and grows in place.
 */
import type { AgentSpec } from '../agents/schema';
import type { TokenUsage } from '../model/usage';
import type { CostEstimate } from './cost-estimate';

export type Locale = 'ko' | 'en';

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
  /** A model error's reason word (functions/src/model/errors.ts), for clients to say in their language. */
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
