/**
 * Conversations outside a turn: reading one with its messages, test-running
 * its draft through the same run path as every run, and saving the draft as an
 * agent (or updating the agent the conversation edits) through the agents
 * service, so an agent made in chat behaves exactly like one made by the API.
 */
import { type Agent, type AgentSpec, validateAgentSpec } from '../agents/schema';
import { applyAgentPatch, createAgentFromSpec, getAgent, invalid } from '../agents/service';
import { roundUsd } from '../model/usage';
import type { StoredDoc } from '../ports/store';
import { enqueueTestRun } from '../runs/enqueue';
import { getExecution } from '../runs/execution-store';
import { takeManualRunSlot } from '../runs/limits';
import { describeScheduleOrManual } from '../schedule/describe';
import { formatRunTime } from '../schedule/preview';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../shared/errors';
import { log } from '../shared/log';
import {
  asData,
  conversationPath,
  isConversationId,
  listMessages,
  messagePath,
  readConversation,
} from './conversation-store';
import type { CostEstimate } from './cost-estimate';
import { type ChatDeps, describeDraft, draftKey, lastTestRunOf } from './turn';
import {
  type ConversationDoc,
  type Locale,
  type MessageDoc,
  type MessageJson,
  type MessagePart,
  toMessageJson,
} from './types';

/** The API's conversation JSON. */
export interface ConversationJson {
  id: string;
  agentId: string | null;
  title: string;
  draft: AgentSpec | null;
  /** What the current draft will likely cost (from its test run once one has finished). */
  estimate: CostEstimate | null;
  timezone: string | null;
  tokenUsage: ConversationDoc['tokenUsage'];
  costUsd: number;
  createdAt: string;
  updatedAt: string;
  messages: MessageJson[];
}

async function ownConversation(deps: ChatDeps, uid: string, id: string): Promise<StoredDoc<ConversationDoc>> {
  const doc = isConversationId(id) ? await readConversation(deps.store, id) : null;
  if (!doc || doc.data.userId !== uid) throw new NotFoundError('The conversation');
  return doc;
}

/** Refuses a body with any field: these endpoints take none. */
export function assertEmptyBody(body: unknown): void {
  if (body && typeof body === 'object' && Object.keys(body).length > 0) {
    throw new InvalidArgumentError(
      'This request takes no fields.',
      Object.keys(body).map((field) => ({ field, message: 'Unknown field.' })),
    );
  }
}

/**
 * `GET /api/conversations/{id}`: the conversation and its messages, oldest
 * first. Test-run parts show their run's current state and result.
 */
export async function getConversation(deps: ChatDeps, uid: string, id: string): Promise<ConversationJson> {
  const conversation = await ownConversation(deps, uid, id);
  const messages = await listMessages(deps.store, id, 500);
  const c = conversation.data;
  const testRun = await lastTestRunOf(deps, c);
  return {
    id,
    agentId: c.agentId,
    title: c.title,
    draft: c.draft,
    estimate: c.draft ? describeDraft(deps, c.draft, c.locale, testRun).estimate : null,
    timezone: c.timezone,
    tokenUsage: c.tokenUsage,
    costUsd: roundUsd(c.costUsd),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messages: await Promise.all(messages.map((m) => withLiveTestRuns(deps, m))),
  };
}

async function withLiveTestRuns(deps: ChatDeps, m: StoredDoc<MessageDoc>): Promise<MessageJson> {
  const json = toMessageJson(m.id, m.data);
  if (!json.parts.some((p) => p.type === 'test_run')) return json;
  const parts = await Promise.all(
    json.parts.map(async (part): Promise<MessagePart> => {
      if (part.type !== 'test_run') return part;
      const run = await getExecution(deps.store, part.data.executionId);
      if (!run) return part;
      return {
        type: 'test_run',
        data: {
          executionId: part.data.executionId,
          status: run.data.status,
          result: run.data.result,
          error: run.data.error,
          tokenUsage: run.data.tokenUsage,
          costUsd: roundUsd(run.data.costUsd),
        },
      };
    }),
  );
  return { ...json, parts };
}

/**
 * `POST /api/conversations/{id}/test-run`: runs the current draft once, unsaved,
 * through the same run path (trigger `test`). A `test_run` part joins the chat;
 * the web follows the execution document for its progress and result.
 */
export async function startTestRun(
  deps: ChatDeps,
  uid: string,
  id: string,
): Promise<{ executionId: string; messageId: string }> {
  const conversation = await ownConversation(deps, uid, id);
  const draft = requireDraft(conversation.data);
  await takeManualRunSlot(deps, uid);
  const { executionId } = await enqueueTestRun(deps, {
    userId: uid,
    conversationId: id,
    draft: { name: draft.name, finalAgentPrompt: draft.finalAgentPrompt, tools: draft.tools, model: draft.model },
  });
  const locale = conversation.data.locale;
  const messageId = await appendAssistantMessage(deps, uid, conversation, {
    content:
      locale === 'ko'
        ? `“${draft.name}” 초안을 한 번 테스트 실행합니다. 결과가 여기에 표시됩니다.`
        : `Test-running “${draft.name}” once; the result will appear here.`,
    parts: [{ type: 'test_run', data: { executionId, status: 'queued' } }],
    extra: { lastTestRun: { executionId, draftKey: draftKey(draft), at: deps.now().toISOString() } },
  });
  log.info('chat test run', { conversationId: id, executionId });
  return { executionId, messageId };
}

/**
 * `POST /api/conversations/{id}/save`: creates the agent from the draft (active
 * when it has a schedule), or updates the agent the conversation edits or was
 * saved as; the conversation then links to it.
 */
export async function saveDraft(deps: ChatDeps, uid: string, id: string): Promise<Agent> {
  const conversation = await ownConversation(deps, uid, id);
  const stored = requireDraft(conversation.data);
  // Checked again: the schema may have tightened since the draft was accepted.
  const parsed = validateAgentSpec({ ...stored, status: 'draft' });
  if (!parsed.success) throw invalid(parsed.issues);
  const draft = parsed.data;

  let agent: Agent | null = null;
  const agentId = conversation.data.agentId;
  if (agentId) {
    try {
      const current = await getAgent(deps, uid, agentId);
      // A draft agent that now has a schedule starts running; an active or paused one keeps its status.
      const status = current.status === 'draft' && draft.schedule ? 'active' : current.status;
      agent = await applyAgentPatch(deps, uid, agentId, {
        name: draft.name,
        description: draft.description,
        finalAgentPrompt: draft.finalAgentPrompt,
        tools: draft.tools,
        model: draft.model,
        schedule: draft.schedule,
        status,
      });
    } catch (err) {
      // The agent was deleted since: save the draft as a new one rather than lose it.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  agent ??= await createAgentFromSpec(
    deps,
    uid,
    { ...draft, status: draft.schedule ? 'active' : 'draft' },
    { conversationId: id },
  );

  const locale = conversation.data.locale;
  await appendAssistantMessage(deps, uid, conversation, {
    content: savedText(agent, locale),
    parts: [{ type: 'text', data: { text: savedText(agent, locale) } }],
    extra: { agentId: agent.id },
  });
  log.info('chat draft saved', { conversationId: id, agentId: agent.id, updated: agentId === agent.id });
  return agent;
}

function requireDraft(conversation: ConversationDoc): AgentSpec {
  if (!conversation.draft) {
    throw new ConflictError('This conversation has no draft yet: describe the agent in the chat first.');
  }
  return conversation.draft;
}

function savedText(agent: Agent, locale: Locale): string {
  const when = describeScheduleOrManual(agent.schedule, locale);
  const next =
    agent.nextRunAt && agent.schedule
      ? formatRunTime(new Date(agent.nextRunAt), agent.schedule.timezone, locale)
      : null;
  if (locale === 'ko') {
    return `“${agent.name}” 에이전트를 저장했어요. 일정: ${when}.${next ? ` 다음 실행: ${next}.` : ''}`;
  }
  return `Saved the agent “${agent.name}”. Schedule: ${when}.${next ? ` Next run: ${next}.` : ''}`;
}

/** Adds a finished assistant message after the conversation's last one, with conversation fields to set. */
async function appendAssistantMessage(
  deps: ChatDeps,
  uid: string,
  conversation: StoredDoc<ConversationDoc>,
  m: { content: string; parts: MessagePart[]; extra: Record<string, unknown> },
): Promise<string> {
  const messageId = deps.store.newId();
  await deps.store.runTransaction(async (tx) => {
    const current = await readConversation(tx, conversation.id);
    if (!current || current.data.userId !== uid) throw new NotFoundError('The conversation');
    const at = new Date(Math.max(deps.now().getTime(), Date.parse(current.data.updatedAt) + 1)).toISOString();
    const doc: MessageDoc = {
      userId: uid,
      role: 'assistant',
      content: m.content,
      parts: m.parts,
      tokenUsage: null,
      state: 'complete',
      timestamp: at,
    };
    tx.create(messagePath(conversation.id, messageId), asData(doc));
    tx.update(conversationPath(conversation.id), { ...m.extra, updatedAt: at });
  });
  return messageId;
}
