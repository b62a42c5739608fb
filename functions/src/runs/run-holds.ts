/**
 * A run's budget holds: the claim holds the first model call's worst case, and
 * before each later call the hold grows to what the attempt has spent so far
 * plus the next call's worst case (one hold per execution, replaced each time).
 * The outcome write settles it (finish.ts). A hold lasts the attempt's timeout
 * and a margin, so a worker that dies frees its hold and its run slot by then.
 */
import { type AgentDoc, type Engine, engineOf, TOOLS, type ToolName } from '@agent-platform/core/agent';
import type { ExecutionDoc } from '@agent-platform/core/runs';
import { budgetTokens, costUsd, type TokenUsage } from '../model/usage';
import { type HoldAsk, type LedgerView, refusalFor, roomUsd } from '../money/budgets';
import { hold, readLedger } from '../money/ledger';
import { callWorstCase, inputTokenCeiling, type WorstCase } from '../money/worst-case';
import type { Config } from '../shared/config';
import type { Adapters } from '../shared/factory';
import type { Doc } from '../store/collection';
import { firstCall, type ModelCall } from './model-loop';
import { sessionBudgetUsd, workspaceTimeoutSeconds, workspaceWorstCase } from './workspace/worst-case';

/** Past the attempt's timeout, for the outcome write. */
const HOLD_MARGIN_MS = 60_000;

export function holdUntil(config: Config, now: Date): Date {
  return new Date(now.getTime() + config.run.timeoutSeconds * 1000 + HOLD_MARGIN_MS);
}

/** The input tokens `call` may read at most: what it sends and what its tools may bring in. */
export function callInputCeiling(config: Config, call: ModelCall): number {
  return worstOf(config, call).inputTokens;
}

function worstOf(config: Config, call: ModelCall): WorstCase {
  const { system, messages, tools } = call.params;
  return callWorstCase(config.models, {
    model: call.params.model,
    sentTokens: inputTokenCeiling([system, messages, tools ?? []]),
    maxOutputTokens: call.params.max_tokens,
    tools: toolNames(tools ?? []),
    maxSeconds: config.run.timeoutSeconds,
  });
}

/** What a run's first call is made of. */
export interface RunStart {
  model: string;
  prompt: string;
  tools: readonly ToolName[];
  timezone: string;
  previousResult: string | null;
  /** `workspace`: one Claude Code session, held whole at its worst case (workspace/worst-case.ts). */
  engine: Engine;
}

/** What the run `exec` of `agent` starts with. */
export function runStartOf(
  exec: Pick<ExecutionDoc, 'draft'>,
  agent: Doc<AgentDoc> | null,
  model: string,
  previousResult: string | null,
): RunStart {
  return {
    model,
    prompt: exec.draft?.finalAgentPrompt ?? agent?.data.finalAgentPrompt ?? '',
    tools: exec.draft?.tools ?? agent?.data.tools ?? [],
    timezone: agent?.data.schedule?.timezone ?? 'UTC',
    previousResult,
    engine: engineOf(exec.draft ?? agent?.data),
  };
}

/** The ask of a run's first call, as runModel will send it (the claim holds it). */
export function callAsk(
  config: Config,
  holdId: string,
  start: RunStart,
  agent: Doc<AgentDoc> | null,
  now: Date,
): HoldAsk {
  if (start.engine === 'workspace') {
    // The session is one call as far as holds go: the whole of it, as --max-budget-usd caps it.
    const worst = workspaceWorstCase(config, start.model, workspaceTimeoutSeconds(config));
    return askOf(holdId, agent, worst.usd, worst.tokens);
  }
  const call = firstCall({ ...start, now, maxOutputTokens: config.run.maxOutputTokens });
  const worst = worstOf(config, call);
  return askOf(holdId, agent, worst.usd, worst.tokens);
}

/**
 * A workspace session whose whole worst case does not fit: the same ask shrunk to
 * the room the budgets have left (whole cents), when that still gives the
 * session something to spend (worst-case.ts `sessionBudgetUsd`); else null and
 * the run is refused as before. Tokens shrink in the same proportion.
 */
function fitWorkspaceAsk(view: LedgerView, config: Config, ask: HoldAsk, model: string): HoldAsk | null {
  const room = Math.floor(roomUsd(view, config, ask) * 100) / 100;
  if (room >= ask.usd || sessionBudgetUsd(config, model, room, workspaceTimeoutSeconds(config)) === null) return null;
  return { ...ask, usd: room, tokens: Math.floor((ask.tokens * room) / ask.usd) };
}

/**
 * The ask a run of `start` holds: `usual` (callAsk's), or for a workspace
 * session whose whole worst case does not fit, the room that is left
 * (fitWorkspaceAsk). The run-now check and the claim both decide with it.
 */
export function askThatFits(view: LedgerView, config: Config, start: RunStart, usual: HoldAsk): HoldAsk {
  if (start.engine !== 'workspace' || !refusalFor(view, config, usual)) return usual;
  return fitWorkspaceAsk(view, config, usual, start.model) ?? usual;
}

function askOf(executionId: string, agent: Doc<AgentDoc> | null, usd: number, tokens: number): HoldAsk {
  return {
    holdId: executionId,
    usd,
    tokens,
    agent: agent ? { id: agent.id, monthlyBudgetUsd: agent.data.monthlyBudgetUsd } : null,
    kind: 'run',
  };
}

/**
 * Before a later call: grows the execution's hold to the attempt's spend so far
 * plus `call`'s worst case, or throws BudgetRefusedError (nothing written).
 */
export async function holdNextCall(
  deps: Pick<Adapters, 'store' | 'config' | 'now'>,
  input: {
    executionId: string;
    userId: string;
    agent: Doc<AgentDoc> | null;
    call: ModelCall;
    spent: TokenUsage;
    until: Date;
  },
): Promise<void> {
  const worst = worstOf(deps.config, input.call);
  const spentUsd = costUsd(deps.config.models, input.call.params.model, input.spent);
  const ask = askOf(input.executionId, input.agent, spentUsd + worst.usd, budgetTokens(input.spent) + worst.tokens);
  await deps.store.runTransaction(async (tx) => {
    const ledger = await readLedger(tx, { config: deps.config, now: deps.now() }, input.userId);
    hold(tx, ledger, ask, input.until);
  });
}

/** The agent tools a request offers, by the names runs/tools.ts gives them. */
function toolNames(tools: readonly object[]): ToolName[] {
  return tools
    .map((t) => ('name' in t ? String(t.name) : ''))
    .filter((n): n is ToolName => (TOOLS as readonly string[]).includes(n));
}
