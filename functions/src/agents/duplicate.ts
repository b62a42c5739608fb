/**
 * `POST /api/agents/{id}/duplicate` (docs/api.md "Agents"): a new draft with the
 * agent's versioned fields (packages/core/src/agent/versions.ts) and monthly budget,
 * and "(copy)" or "(사본)" after its name. The copy never runs until the person turns it on, and
 * keeps no history, totals or conversation of the original.
 */
import { type Agent, NAME_MAX, snapshotOf, validateAgentSpec } from '@agent-platform/core/agent';
import { AppError } from '@agent-platform/core/errors';
import { detectLocale, type Locale } from '@agent-platform/core/locale';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import { createAgentFromSpec, invalid } from './service';

const SUFFIX: Record<Locale, string> = { en: ' (copy)', ko: ' (사본)' };

/** The copy's name: the original's, cut so that the suffix fits in a name's 100 characters. */
export function copyName(name: string, locale: Locale): string {
  const suffix = SUFFIX[locale];
  const room = NAME_MAX - [...suffix].length;
  const chars = [...name.trim()];
  return `${chars.length > room ? chars.slice(0, room).join('').trimEnd() : name.trim()}${suffix}`;
}

/**
 * Duplicates the caller's agent. `locale` is the caller's language when the
 * request named one; otherwise the agent's own language (Hangul in its name or
 * prompt) decides.
 */
export async function duplicateAgent(
  deps: Adapters,
  uid: string,
  agentId: string,
  locale: Locale | null,
): Promise<Agent> {
  const found = agents.isId(agentId) ? await agents.get(deps.store, agentId) : null;
  if (!found || found.data.userId !== uid) {
    throw new AppError('not_found', 'The agent was not found.', {
      retryable: false,
      ko: '에이전트를 찾을 수 없습니다.',
    });
  }
  const original = found.data;
  const language = locale ?? detectLocale(`${original.name}\n${original.finalAgentPrompt}`);
  const parsed = validateAgentSpec({
    ...snapshotOf(original),
    // The copy keeps the original's spending cap: a copy must not be a way around it.
    monthlyBudgetUsd: original.monthlyBudgetUsd,
    name: copyName(original.name, language),
    status: 'draft',
  });
  // Only an agent stored before a rule tightened can fail here; say which field.
  if (!parsed.success) throw invalid(parsed.issues);
  return createAgentFromSpec(deps, uid, parsed.data);
}
