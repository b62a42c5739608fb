/**
 * Agent logic: validation, ownership, `nextRunAt`, and handing the next run to
 * the run queue. Dependencies come in as `deps` (the adapters), so tests run it
 * on the local store with a fixed clock.
 *
 * Ownership: another user's agent answers exactly like a missing one (404), and
 * every refusal happens before the first write, so a refused request changes
 * nothing.
 */

import { roundUsd } from '../model/usage';
import { enqueueScheduledRun } from '../runs/enqueue';
import { nextRunAt } from '../schedule/next-run';
import { InvalidArgumentError, NotFoundError } from '../shared/errors';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import {
  type Agent,
  type AgentDoc,
  type AgentPatch,
  type AgentSpec,
  type AgentStatus,
  type Issue,
  issueDetails,
  type Schedule,
  validateAgentPatch,
  validateAgentSpec,
} from './schema';
import { insertAgent, isAgentId, listAgentsOfUser, patchAgent, readAgent, removeAgent } from './store';

export type AgentDeps = Adapters;

/** `POST /api/agents`: validates the body and creates the caller's agent. */
export async function createAgent(deps: AgentDeps, userId: string, body: unknown): Promise<Agent> {
  const parsed = validateAgentSpec(body);
  if (!parsed.success) throw invalid(parsed.issues);
  return createAgentFromSpec(deps, userId, parsed.data);
}

/**
 * Creates an agent from a spec validated already (the designer's save uses
 * this, passing the conversation the agent came from).
 */
export async function createAgentFromSpec(
  deps: AgentDeps,
  userId: string,
  spec: AgentSpec,
  options: { conversationId?: string | null } = {},
): Promise<Agent> {
  const now = deps.now();
  const at = now.toISOString();
  const id = deps.store.newId();
  const doc: AgentDoc = {
    userId,
    name: spec.name,
    description: spec.description,
    finalAgentPrompt: spec.finalAgentPrompt,
    tools: spec.tools,
    model: spec.model,
    schedule: spec.schedule,
    status: spec.status,
    nextRunAt: computeNextRunAt(spec.status, spec.schedule, now),
    lastRun: null,
    totalTokenUsage: { input: 0, output: 0 },
    costUsd: 0,
    runCount: 0,
    conversationId: options.conversationId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  await insertAgent(deps.store, id, doc);
  log.info('agent created', { agentId: id, userId, status: doc.status, nextRunAt: doc.nextRunAt });
  if (doc.status === 'active' && doc.nextRunAt) await handOverNextRun(deps, id, doc);
  return toAgentJson(id, doc);
}

/** `GET /api/agents`: the caller's agents, newest first, in one query. */
export async function listAgents(deps: AgentDeps, userId: string): Promise<Agent[]> {
  const docs = await listAgentsOfUser(deps.store, userId);
  return docs.map((d) => toAgentJson(d.id, d.data));
}

/** `GET /api/agents/{id}`: one of the caller's agents. */
export async function getAgent(deps: AgentDeps, userId: string, id: string): Promise<Agent> {
  const doc = isAgentId(id) ? await readAgent(deps.store, id) : null;
  if (!doc || doc.data.userId !== userId) throw agentNotFound();
  return toAgentJson(doc.id, doc.data);
}

/** `PATCH /api/agents/{id}`: validates the body, then changes the caller's agent. */
export async function updateAgent(deps: AgentDeps, userId: string, id: string, body: unknown): Promise<Agent> {
  const parsed = validateAgentPatch(body);
  if (!parsed.success) throw invalid(parsed.issues);
  return applyAgentPatch(deps, userId, id, parsed.data);
}

/**
 * Changes fields of the caller's agent. `nextRunAt` is computed again only when
 * the schedule or the status really changes, so renaming an agent keeps the run
 * already queued for it.
 */
export async function applyAgentPatch(deps: AgentDeps, userId: string, id: string, patch: AgentPatch): Promise<Agent> {
  if (!isAgentId(id)) throw agentNotFound();
  const { store } = deps;
  const result = await store.runTransaction(async (tx) => {
    const current = await readAgent(tx, id);
    if (!current || current.data.userId !== userId) throw agentNotFound();
    const now = deps.now();
    const before = current.data;
    const changes: Partial<AgentDoc> = { ...definedFields(patch), updatedAt: now.toISOString() };
    const after: AgentDoc = { ...before, ...changes };
    const timingChanged = after.status !== before.status || !sameSchedule(after.schedule, before.schedule);
    if (timingChanged) {
      changes.nextRunAt = computeNextRunAt(after.status, after.schedule, now);
      after.nextRunAt = changes.nextRunAt;
    }
    patchAgent(tx, id, changes);
    return { doc: after, timingChanged };
  });
  log.info('agent updated', { agentId: id, userId, fields: Object.keys(patch), nextRunAt: result.doc.nextRunAt });
  if (result.timingChanged) await handOverNextRun(deps, id, result.doc);
  return toAgentJson(id, result.doc);
}

/**
 * `DELETE /api/agents/{id}`. Only the document goes: a queued run or task of a
 * deleted agent finds no agent when it fires and ends as stale, so it never runs.
 */
export async function deleteAgent(deps: AgentDeps, userId: string, id: string): Promise<void> {
  if (!isAgentId(id)) throw agentNotFound();
  await deps.store.runTransaction(async (tx) => {
    const current = await readAgent(tx, id);
    if (!current || current.data.userId !== userId) throw agentNotFound();
    removeAgent(tx, id);
  });
  log.info('agent deleted', { agentId: id, userId });
}

/** When an agent runs next: only an active agent with a schedule ever has a next run. */
export function computeNextRunAt(status: AgentStatus, schedule: Schedule | null, now: Date): string | null {
  if (status !== 'active' || !schedule) return null;
  return nextRunAt(schedule, now)?.toISOString() ?? null;
}

/** The API's agent JSON: every documented field, `id` added, `userId` and anything internal left out. */
export function toAgentJson(id: string, doc: AgentDoc): Agent {
  return {
    id,
    name: doc.name,
    description: doc.description ?? '',
    finalAgentPrompt: doc.finalAgentPrompt,
    tools: doc.tools ?? [],
    model: doc.model,
    schedule: doc.schedule ?? null,
    status: doc.status,
    nextRunAt: doc.nextRunAt ?? null,
    lastRun: doc.lastRun ?? null,
    totalTokenUsage: { input: doc.totalTokenUsage?.input ?? 0, output: doc.totalTokenUsage?.output ?? 0 },
    costUsd: roundUsd(doc.costUsd ?? 0),
    runCount: doc.runCount ?? 0,
    conversationId: doc.conversationId ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The 400 for a body that failed the schema, naming every bad field. */
export function invalid(issues: readonly Issue[]): InvalidArgumentError {
  const details = issueDetails(issues, 'en');
  const fields = [...new Set(details.map((d) => d.field))];
  return new InvalidArgumentError(`Some fields are not valid: ${fields.join(', ')}.`, details);
}

const agentNotFound = () => new NotFoundError('The agent');

/**
 * Tells the run queue the agent's new timing: it queues the next run of an
 * active agent and withdraws queued runs the change made stale (a paused agent,
 * a new schedule). A failure here must not undo the save: the agent keeps its
 * `nextRunAt`, the sweeper (`tick`) enqueues any due run that has no task yet,
 * and a stale task finds the agent's timing changed and does nothing.
 */
async function handOverNextRun(deps: AgentDeps, id: string, doc: AgentDoc): Promise<void> {
  try {
    await enqueueScheduledRun(deps, { id, userId: doc.userId, nextRunAt: doc.nextRunAt, status: doc.status });
  } catch (err) {
    log.warn('next run not queued; the sweeper will enqueue it', { agentId: id, nextRunAt: doc.nextRunAt, err });
  }
}

function definedFields(patch: AgentPatch): Partial<AgentDoc> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = value;
  return out as Partial<AgentDoc>;
}

function sameSchedule(a: Schedule | null, b: Schedule | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.frequency === b.frequency &&
    a.time === b.time &&
    a.dayOfMonth === b.dayOfMonth &&
    a.cron === b.cron &&
    a.timezone === b.timezone &&
    (a.daysOfWeek ?? []).join() === (b.daysOfWeek ?? []).join()
  );
}
