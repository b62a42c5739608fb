/**
 * Index exemptions in firestore.indexes.json (fieldOverrides): the large fields nobody
 * queries are not indexed, which saves an index write per field on every document
 * write and keeps long texts and arrays away from the per-document index-entry limit
 * (https://cloud.google.com/firestore/quotas#indexes). An exemption on a field a query
 * uses would break that query, so every query the code runs is checked against them.
 * That every query has its composite index is test/indexes.test.ts's job; the queries
 * are gathered from the same sources it uses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AgentDocSchema } from '@agent-platform/core/agent';
import { ConversationDocSchema, MessageDocSchema } from '@agent-platform/core/chat';
import type { QuerySpec } from '@agent-platform/core/ports';
import { ExecutionDocSchema } from '@agent-platform/core/runs';
import { ALL_STORE_QUERIES } from '@agent-platform/functions/testing';
import { ALL_QUERIES } from '@agent-platform/web/queries';
import { ROOT } from './hcl';

interface Override {
  collectionGroup: string;
  fieldPath: string;
  indexes?: unknown[];
  ttl?: boolean;
}
const indexFile = JSON.parse(readFileSync(path.join(ROOT, 'firestore.indexes.json'), 'utf8')) as {
  indexes: { collectionGroup: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: Override[];
};
const overrides = indexFile.fieldOverrides;

/** The large or never-queried fields that must not be indexed, by collection group. */
const MUST_BE_EXEMPT: Record<string, string[]> = {
  executions: ['result', 'events', 'draft', 'error'],
  agents: ['finalAgentPrompt', 'description'],
  conversations: ['draft'],
  messages: ['content', 'parts'],
};

/** The fields each collection group's documents have: the store's converters (`@agent-platform/core`). */
const DOC_FIELDS: Record<string, readonly string[]> = {
  // The converters are built on first use (z.lazy); their objects are the inner types.
  agents: Object.keys(AgentDocSchema._zod.innerType.shape),
  conversations: Object.keys(ConversationDocSchema._zod.innerType.shape),
  executions: Object.keys(ExecutionDocSchema._zod.innerType.shape),
  messages: Object.keys(MessageDocSchema._zod.innerType.shape),
};

/** Every query the code runs: the stores' lists and the web app's live queries. */
function allQueries(): QuerySpec[] {
  return [...ALL_STORE_QUERIES, ...Object.values(ALL_QUERIES('sample-uid'))];
}

const group = (spec: QuerySpec) => spec.collection.split('/').pop() as string;
/** `events` exempts `events.x` too: exemptions on a map or array apply to what is inside. */
const covers = (override: Override, field: string) =>
  field === override.fieldPath || field.startsWith(`${override.fieldPath}.`);

describe('firestore.indexes.json fieldOverrides', () => {
  test('exempt the large fields nobody queries', () => {
    const missing = Object.entries(MUST_BE_EXEMPT).flatMap(([collectionGroup, fields]) =>
      fields
        .filter(
          (f) =>
            !overrides.some(
              (o) =>
                o.collectionGroup === collectionGroup &&
                o.fieldPath === f &&
                Array.isArray(o.indexes) &&
                o.indexes.length === 0,
            ),
        )
        .map((f) => `${collectionGroup}.${f}`),
    );
    expect(missing).toEqual([]);
  });

  test('exempt no field a query filters or orders on, nor one a composite index holds', () => {
    const queries = allQueries();
    expect(queries.length).toBeGreaterThan(8);
    const clashes: string[] = [];
    for (const spec of queries) {
      const fields = [...(spec.where ?? []).map(([f]) => f), ...(spec.orderBy ?? []).map(([f]) => f)];
      for (const o of overrides.filter((x) => x.collectionGroup === group(spec))) {
        for (const f of fields) if (covers(o, f)) clashes.push(`${spec.collection}: ${f} is exempted`);
      }
    }
    for (const index of indexFile.indexes) {
      for (const o of overrides.filter((x) => x.collectionGroup === index.collectionGroup)) {
        for (const f of index.fields)
          if (covers(o, f.fieldPath)) clashes.push(`index on ${index.collectionGroup}.${f.fieldPath}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  test('name fields the documents really have, in collections the code uses', () => {
    const problems: string[] = [];
    for (const o of overrides) {
      const fields = DOC_FIELDS[o.collectionGroup];
      if (!fields) problems.push(`${o.collectionGroup}: no document type known for this collection group`);
      else if (!fields.includes(o.fieldPath.split('.')[0] as string))
        problems.push(`${o.collectionGroup}.${o.fieldPath} is not a field of its documents`);
      if (o.ttl !== undefined) problems.push(`${o.collectionGroup}.${o.fieldPath}: a TTL needs a decision of its own`);
    }
    expect(problems).toEqual([]);
    expect(overrides.length).toBeGreaterThan(0);
  });
});
