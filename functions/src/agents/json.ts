/** The API's agent JSON (docs/api.md "Agents"): every documented field, `id` added, `userId` left out. */
import { type Agent, type AgentDoc, engineOf } from '@agent-platform/core/agent';
import { roundUsd } from '../model/usage';

export function toAgentJson(id: string, doc: AgentDoc): Agent {
  return {
    id,
    name: doc.name,
    description: doc.description,
    finalAgentPrompt: doc.finalAgentPrompt,
    tools: doc.tools,
    model: doc.model,
    schedule: doc.schedule,
    status: doc.status,
    engine: engineOf(doc),
    nextRunAt: doc.nextRunAt,
    lastRun: doc.lastRun,
    totalTokenUsage: { input: doc.totalTokenUsage.input, output: doc.totalTokenUsage.output },
    costUsd: roundUsd(doc.costUsd),
    runCount: doc.runCount,
    conversationId: doc.conversationId,
    deliveries: doc.deliveries,
    monthlyBudgetUsd: doc.monthlyBudgetUsd,
    blockedBy: doc.blockedBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
