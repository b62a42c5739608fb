/**
 * What the web app reads: the documents it watches live and the API's JSON.
 * Every shape comes from the one shared definition in `@agent-platform/core`
 * (type-only: nothing of it is bundled here); this module only names them the
 * way the app's components use them. Times are ISO-8601 UTC strings.
 */
import type {
  Agent as AgentJson,
  AgentStatus,
  Schedule,
  AgentSpec as SpecOutput,
  ToolName,
} from '@agent-platform/core/agent';
import type {
  ConversationDoc,
  CostEstimate,
  MessageDoc,
  MessagePart as StoredMessagePart,
} from '@agent-platform/core/chat';
import type { TokenUsage as CoreTokenUsage } from '@agent-platform/core/model';
import type { ArtifactJson, ExecutionEvent, ExecutionJson, ExecutionStatus } from '@agent-platform/core/runs';
import type { MonthUsage as StoredMonthUsage, UserDoc as StoredUserDoc } from '@agent-platform/core/usage';

export type { Frequency } from '@agent-platform/core/schedule';
export type { AgentStatus, CostEstimate, Schedule, ToolName };

export type RunStatus = ExecutionStatus;
export type TokenUsage = Pick<CoreTokenUsage, 'input' | 'output'> & Partial<CoreTokenUsage>;

/** A month's tokens and cost (the user document's months carry more: rows per agent, days). */
export type MonthUsage = Pick<StoredMonthUsage, 'input' | 'output' | 'costUsd'>;

/** An agent: the API's JSON, or its live document with the id (which also carries `userId`). */
export type Agent = AgentJson & { userId?: string };

/** The writable fields of an agent (PATCH body, and the draft the designer proposes). */
export type AgentSpec = Pick<SpecOutput, 'name' | 'finalAgentPrompt'> &
  Partial<
    Pick<
      SpecOutput,
      'description' | 'tools' | 'model' | 'schedule' | 'status' | 'deliveries' | 'monthlyBudgetUsd' | 'engine'
    >
  >;

/**
 * A line of a run's log; `code` and `params` say it in the user's language
 * (format/run-event.ts). A newer server may write a code this build does not
 * know yet, so the web reads it as any string.
 */
export type RunEvent = Omit<ExecutionEvent, 'code'> & { code?: string };

/** A file a run kept (downloaded through the API, owner only). */
export type Artifact = ArtifactJson;

/** A run: the API's JSON, or its live document with the id (runs stored before files existed have no `artifacts`). */
export type Execution = Omit<ExecutionJson, 'events' | 'artifacts'> & {
  events: RunEvent[];
  artifacts?: Artifact[];
  userId?: string;
};

export type MessagePart = StoredMessagePart;

/** A message of a conversation, with its id. */
export type ChatMessage = MessageDoc & { id: string };

/** A designer conversation, with its id. */
export type Conversation = ConversationDoc & { id: string };

/** The user's usage document (`users/{uid}`), with its id. */
export type UserDoc = StoredUserDoc & { id: string };

/** True for a reply left streaming by a turn that died (its lease ran out). */
export function isInterrupted(msg: Pick<ChatMessage, 'state' | 'leaseUntil'>, now = Date.now()): boolean {
  return msg.state === 'streaming' && Boolean(msg.leaseUntil) && Date.parse(msg.leaseUntil as string) < now;
}
