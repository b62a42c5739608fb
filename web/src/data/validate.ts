/**
 * Checks an agent edit in the browser with the shared schema (the same zod
 * schema and messages the API applies), so problems show next to their fields
 * before a round trip. The server still validates; its `details` use the same
 * field names.
 */
import { issueDetails, validateAgentPatch as validatePatch } from '@agent-platform/core/agent';
import { getLocale } from '../state/locale';
import type { AgentSpec } from './types';

/** Messages by field path (`name`, `schedule.time`); empty when the edit is valid. */
export function validateAgentPatch(patch: Partial<AgentSpec>, locale = getLocale()): Record<string, string> {
  const result = validatePatch(patch);
  if (result.success) return {};
  const out: Record<string, string> = {};
  // `schedule.daysOfWeek[1]` is shown at its list, `schedule.daysOfWeek`.
  for (const d of issueDetails(result.issues, locale)) out[d.field.replace(/\[\d+\]$/, '')] ??= d.message;
  return out;
}
