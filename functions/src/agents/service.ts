/**
 * Agent logic: validation, ownership, `nextRunAt`, and handing the next run to
 * the run queue. Dependencies come in as `deps` (the adapters), so tests run it
 * on the local store with a fixed clock.
 *
 * Ownership: another user's agent answers exactly like a missing one (404), and
 * every refusal happens before the first write, so a refused request changes
 * nothing.
 */

import {
  type Agent,
  type AgentDoc,
  type AgentPatch,
  type AgentSpec,
  type AgentStatus,
  engineOf,
  type Issue,
  issueDetails,
  type Schedule,
  validateAgentPatch,
  validateAgentSpec,
} from '@agent-platform/core/agent';
import { InvalidArgumentError, NotFoundError, ResourceExhaustedError } from '@agent-platform/core/errors';
import { nextRunAt } from '@agent-platform/core/schedule';
import { checkDeliveries } from '../deliveries/validate';
import { enqueueScheduledRun } from '../runs/enqueue';
import { unqueuedMark } from '../runs/unqueued';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents, listAgentsOfUser } from '../store/agents';
import type { Patch } from '../store/collection';
import { toAgentJson } from './json';
import { type AgentPage, encodeCursor } from './page';
import { deleteAgentVersions, recordFirstVersion, recordVersionIfChanged } from './version-record';

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
  await checkDeliveries(deps, userId, spec.deliveries);
  await assertRoomForAgent(deps, userId);
  const now = deps.now();
  const at = now.toISOString();
  const id = deps.store.newId();
  const next = computeNextRunAt(spec.status, spec.schedule, now);
  const doc: AgentDoc = {
    userId,
    name: spec.name,
    description: spec.description,
    finalAgentPrompt: spec.finalAgentPrompt,
    tools: spec.tools,
    model: spec.model,
    schedule: spec.schedule,
    status: spec.status,
    engine: engineOf(spec),
    nextRunAt: next,
    ...unqueuedMark(spec.status, next),
    lastRun: null,
    totalTokenUsage: { input: 0, output: 0 },
    costUsd: 0,
    runCount: 0,
    conversationId: options.conversationId ?? null,
    deliveries: spec.deliveries,
    monthlyBudgetUsd: spec.monthlyBudgetUsd,
    blockedBy: null,
    createdAt: at,
    updatedAt: at,
  };
  await deps.store.runTransaction(async (tx) => {
    agents.create(tx, id, doc);
    recordFirstVersion(tx, id, doc);
  });
  log.info('agent created', { agentId: id, userId, status: doc.status, nextRunAt: doc.nextRunAt });
  if (doc.status === 'active' && doc.nextRunAt) await handOverNextRun(deps, id, doc);
  return toAgentJson(id, doc);
}

/**
 * 429 when the user keeps `USER_MAX_AGENTS` agents already (deleted ones are
 * gone, so they do not count). Two creates at the same instant may both pass:
 * this bounds clutter, not money, which the budgets guard exactly.
 */
async function assertRoomForAgent(deps: AgentDeps, userId: string): Promise<void> {
  const max = deps.config.budget.maxAgents;
  const kept = (await listAgentsOfUser(deps.store, userId)).length;
  if (kept >= max) {
    throw new ResourceExhaustedError(
      `You have ${kept} agents, the most one account may keep (${max}). Delete one you no longer need to make another.`,
      undefined,
      {
        ko: `에이전트가 ${kept}개로, 한 계정이 둘 수 있는 최대치(${max}개)입니다. 쓰지 않는 에이전트를 삭제한 뒤 새로 만들어 주세요.`,
      },
    );
  }
}

/** `GET /api/agents`: the caller's agents, newest first, in one query. */
export async function listAgents(deps: AgentDeps, userId: string): Promise<Agent[]> {
  const docs = await listAgentsOfUser(deps.store, userId);
  return docs.map((d) => toAgentJson(d.id, d.data));
}

/**
 * `GET /api/agents?limit=N&cursor=…`: one page, and the cursor of the next (null on
 * the last page). One agent more than asked is read to know whether there is a next page.
 */
export async function listAgentPage(
  deps: AgentDeps,
  userId: string,
  page: AgentPage & { limit: number },
): Promise<{ agents: Agent[]; nextCursor: string | null }> {
  const docs = await listAgentsOfUser(deps.store, userId, { after: page.after, limit: page.limit + 1 });
  const shown = docs.slice(0, page.limit);
  const last = shown.at(-1);
  const more = docs.length > page.limit && last;
  return {
    agents: shown.map((d) => toAgentJson(d.id, d.data)),
    nextCursor: more ? encodeCursor({ createdAt: last.data.createdAt, id: last.id }) : null,
  };
}

/** `GET /api/agents/{id}`: one of the caller's agents. */
export async function getAgent(deps: AgentDeps, userId: string, id: string): Promise<Agent> {
  const doc = agents.isId(id) ? await agents.get(deps.store, id) : null;
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
 * already queued for it. `restoredFrom` marks the version a restore brings back.
 */
export async function applyAgentPatch(
  deps: AgentDeps,
  userId: string,
  id: string,
  patch: AgentPatch,
  options: { restoredFrom?: number } = {},
): Promise<Agent> {
  if (!agents.isId(id)) throw agentNotFound();
  if (patch.deliveries) await checkDeliveries(deps, userId, patch.deliveries);
  const result = await deps.store.runTransaction(async (tx) => {
    const current = await agents.get(tx, id);
    if (!current || current.data.userId !== userId) throw agentNotFound();
    const now = deps.now();
    const before = current.data;
    const changes: Patch<AgentDoc> = { ...definedFields(patch), updatedAt: now.toISOString() };
    const after: AgentDoc = { ...before, ...definedFields(patch), updatedAt: now.toISOString() };
    const timingChanged = after.status !== before.status || !sameSchedule(after.schedule, before.schedule);
    if (timingChanged) {
      after.nextRunAt = computeNextRunAt(after.status, after.schedule, now);
      changes.nextRunAt = after.nextRunAt;
      Object.assign(changes, unqueuedMark(after.status, after.nextRunAt));
    }
    // A save that changes what the agent does keeps a version (agents/version-record.ts).
    const writeVersion = await recordVersionIfChanged(tx, id, before, after, options);
    agents.update(tx, id, changes);
    writeVersion();
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
  if (!agents.isId(id)) throw agentNotFound();
  await deps.store.runTransaction(async (tx) => {
    const current = await agents.get(tx, id);
    if (!current || current.data.userId !== userId) throw agentNotFound();
    agents.delete(tx, id);
  });
  log.info('agent deleted', { agentId: id, userId });
  try {
    await deleteAgentVersions(deps.store, id);
  } catch (err) {
    // The agent is gone either way; its versions are unreachable and only take space.
    log.warn('versions of a deleted agent not removed', { agentId: id, err });
  }
}

/** When an agent runs next: only an active agent with a schedule ever has a next run. */
export function computeNextRunAt(status: AgentStatus, schedule: Schedule | null, now: Date): string | null {
  if (status !== 'active' || !schedule) return null;
  return nextRunAt(schedule, now)?.toISOString() ?? null;
}

/** The 400 for a body that failed the schema, naming every bad field. */
export function invalid(issues: readonly Issue[]): InvalidArgumentError {
  const korean = issueDetails(issues, 'ko');
  const details = issueDetails(issues, 'en').map((d, i) => ({ ...d, ko: korean[i]?.message }));
  const fields = [...new Set(details.map((d) => d.field))].join(', ');
  return new InvalidArgumentError(
    { en: `Some fields are not valid: ${fields}.`, ko: `올바르지 않은 항목이 있습니다: ${fields}.` },
    details,
  );
}

const agentNotFound = () => new NotFoundError({ en: 'The agent', ko: '에이전트' });

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

/** The fields a patch sets (a patch's absent fields stay as they are). */
function definedFields(patch: AgentPatch): Partial<AgentDoc> {
  const out: Partial<AgentDoc> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(out, { [key]: value });
  }
  return out;
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
