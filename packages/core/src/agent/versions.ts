/**
 * Versions of an agent (docs/api.md "Versions"): every save that changes what an
 * agent does keeps a copy of those fields, so a person can see what changed and
 * go back. Browser-safe, so the web app words the changes with the same list.
 *
 * The fields are compared generically, by name and by value, so a field another
 * part of the platform adds to the agent (deliveries) is versioned as soon as it
 * is listed here and stored on the agent, with no other change.
 */
import * as z from '../zod';

/** The fields a version keeps, in the order a change list names them. Status (pause, resume) is not one. */
export const VERSIONED_FIELDS = [
  'name',
  'description',
  'finalAgentPrompt',
  'schedule',
  'tools',
  'model',
  'deliveries',
] as const;
export type VersionedField = (typeof VERSIONED_FIELDS)[number];

/** What a version holds: the versioned fields the agent had (absent ones left out). */
export type AgentSnapshot = Partial<Record<VersionedField, unknown>>;

/** The versioned fields of an agent document or spec. */
export function snapshotOf(agent: object): AgentSnapshot {
  const source = agent as Record<string, unknown>;
  const out: AgentSnapshot = {};
  for (const field of VERSIONED_FIELDS) {
    // Stored values are JSON: a copy through JSON shares nothing with the agent it came from.
    if (source[field] !== undefined) out[field] = JSON.parse(JSON.stringify(source[field]));
  }
  return out;
}

/** The versioned fields whose values differ between two snapshots, in `VERSIONED_FIELDS` order. */
export function changedFields(before: AgentSnapshot, after: AgentSnapshot): VersionedField[] {
  return VERSIONED_FIELDS.filter((f) => canonical(before[f]) !== canonical(after[f]));
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

// Built on its first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
/** `agents/{agentId}/versions/{version}` as stored. */
export const AgentVersionDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    agentId: z.string(),
    version: z.number(),
    createdAt: z.string(),
    changes: z._default(z.array(z.string()), []),
    agent: z.record(z.string(), z.unknown()),
    /** The version a restore brought back; null for an ordinary save. */
    restoredFrom: z._default(z.nullable(z.number()), null),
  }),
);
export type AgentVersionDoc = z.output<typeof AgentVersionDocSchema>;

/** A version as the API answers it (`GET /api/agents/{id}/versions`). */
export interface AgentVersion {
  version: number;
  createdAt: string;
  /** The versioned fields that differ from the version before (empty for the first). */
  changes: string[];
  agent: AgentSnapshot;
  restoredFrom: number | null;
}
