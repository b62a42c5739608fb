/**
 * Conversations outside a turn: reading one with its messages, test-running
 * its draft through the same run path as every run, and saving the draft as an
 * agent (or updating the agent the conversation edits) through the agents
 * service, so an agent made in chat behaves exactly like one made by the API.
 */
import { type Agent, type AgentSpec, engineOf, validateAgentSpec } from '@agent-platform/core/agent';
import type {
  ConversationDoc,
  ConversationJson,
  MessageDoc,
  MessageJson,
  MessagePart,
} from '@agent-platform/core/chat';
import { toMessageJson } from '@agent-platform/core/chat';
import { ConflictError, NotFoundError } from '@agent-platform/core/errors';
import { applyAgentPatch, createAgentFromSpec, getAgent, invalid } from '../agents/service';
import { roundUsd } from '../model/usage';
import { enqueueTestRun } from '../runs/enqueue';
import { takeManualRunSlot } from '../runs/limits';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import type { Doc, Patch } from '../store/collection';
import { conversations, listMessages, messagesOf } from '../store/conversations';
import { executions } from '../store/executions';
import { describeDraft, draftKey, lastTestRunOf } from './drafts';
import { savedText, testRunStartedText } from './messages';

async function ownConversation(deps: Pick<Adapters, 'store'>, uid: string, id: string): Promise<Doc<ConversationDoc>> {
  const doc = conversations.isId(id) ? await conversations.get(deps.store, id) : null;
  if (!doc || doc.data.userId !== uid) throw new NotFoundError({ en: 'The conversation', ko: '대화' });
  return doc;
}

/**
 * `GET /api/conversations/{id}`: the conversation and its messages, oldest
 * first. Test-run parts show their run's current state and result.
 */
export async function getConversation(deps: Adapters, uid: string, id: string): Promise<ConversationJson> {
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

async function withLiveTestRuns(deps: Adapters, m: Doc<MessageDoc>): Promise<MessageJson> {
  const json = toMessageJson(m.id, m.data);
  if (!json.parts.some((p) => p.type === 'test_run')) return json;
  const parts = await Promise.all(
    json.parts.map(async (part): Promise<MessagePart> => {
      if (part.type !== 'test_run') return part;
      const run = await executions.get(deps.store, part.data.executionId);
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
  deps: Adapters,
  uid: string,
  id: string,
  provider?: string,
): Promise<{ executionId: string; messageId: string }> {
  const conversation = await ownConversation(deps, uid, id);
  const draft = requireDraft(conversation.data);
  await takeManualRunSlot(deps, uid);
  const { executionId } = await enqueueTestRun(deps, {
    userId: uid,
    conversationId: id,
    provider,
    draft: {
      name: draft.name,
      finalAgentPrompt: draft.finalAgentPrompt,
      tools: draft.tools,
      model: draft.model,
      engine: engineOf(draft),
    },
  });
  const locale = conversation.data.locale;
  const messageId = await appendAssistantMessage(deps, uid, conversation, {
    content: testRunStartedText(draft.name, locale),
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
export async function saveDraft(deps: Adapters, uid: string, id: string): Promise<Agent> {
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
        monthlyBudgetUsd: draft.monthlyBudgetUsd,
        status,
        engine: engineOf(draft),
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
    throw new ConflictError({
      en: 'This conversation has no draft yet: describe the agent in the chat first.',
      ko: '이 대화에는 아직 초안이 없습니다. 먼저 채팅으로 에이전트를 설명해 주세요.',
    });
  }
  return conversation.draft;
}

/** Adds a finished assistant message after the conversation's last one, with conversation fields to set. */
async function appendAssistantMessage(
  deps: Adapters,
  uid: string,
  conversation: Doc<ConversationDoc>,
  m: { content: string; parts: MessagePart[]; extra: Patch<ConversationDoc> },
): Promise<string> {
  const messageId = deps.store.newId();
  await deps.store.runTransaction(async (tx) => {
    const current = await conversations.get(tx, conversation.id);
    if (!current || current.data.userId !== uid) throw new NotFoundError({ en: 'The conversation', ko: '대화' });
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
    messagesOf(conversation.id).create(tx, messageId, doc);
    conversations.update(tx, conversation.id, { ...m.extra, updatedAt: at });
  });
  return messageId;
}
