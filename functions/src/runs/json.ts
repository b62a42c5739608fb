/** The API's execution JSON (docs/api.md "Runs"): the document without its internals. */

import type { ExecutionDoc, ExecutionEvent, ExecutionJson } from '@agent-platform/core/runs';
import { roundUsd } from '../model/usage';

export function toExecutionJson(id: string, doc: ExecutionDoc): ExecutionJson {
  const u = doc.tokenUsage;
  return {
    id,
    agentId: doc.agentId,
    trigger: doc.trigger,
    scheduledFor: doc.scheduledFor,
    startTime: doc.startTime,
    endTime: doc.endTime,
    status: doc.status,
    result: doc.result,
    error: doc.error,
    events: doc.events.map(eventJson),
    tokenUsage: { input: u.input, output: u.output, cacheRead: u.cacheRead, cacheWrite: u.cacheWrite },
    costUsd: roundUsd(doc.costUsd),
    model: doc.model,
    attempt: doc.attempt,
    skippedRuns: doc.skippedRuns,
    conversationId: doc.conversationId,
    deliveries: doc.deliveries.map((d) => ({ ...d })),
    artifacts: doc.artifacts.map((a) => ({ name: a.name, bytes: a.bytes, contentType: a.contentType })),
  };
}

/** An event as the API sends it: `code` and `params` only when the stored event has them (old ones do not). */
function eventJson(e: ExecutionEvent): ExecutionEvent {
  return {
    at: e.at,
    type: e.type,
    message: e.message,
    ...(e.code ? { code: e.code } : {}),
    ...(e.params ? { params: e.params } : {}),
  };
}
