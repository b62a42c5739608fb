/** Adds up runs' tokens and cost per agent (this month's figures on the dashboard and usage page). */
import type { Execution, MonthUsage } from './types';

/** Sums per agent id; test runs of unsaved drafts are kept under the key ''. */
/** The fields of a run that usage adds up; a run still going may have no usage yet. */
type RunUsage = Pick<Execution, 'agentId'> & Partial<Execution>;

export function usageByAgent(executions: readonly RunUsage[]): Map<string, MonthUsage> {
  const out = new Map<string, MonthUsage>();
  for (const e of executions) {
    const key = e.agentId ?? '';
    const u = out.get(key) ?? { input: 0, output: 0, costUsd: 0 };
    u.input += e.tokenUsage?.input ?? 0;
    u.output += e.tokenUsage?.output ?? 0;
    u.costUsd += e.costUsd ?? 0;
    out.set(key, u);
  }
  return out;
}
