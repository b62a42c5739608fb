/** Every query shape the functions run, for the index check (test/indexes.test.ts). */
import type { QuerySpec } from '@agent-platform/core/ports';
import { AGENT_QUERIES } from './agents';
import { CONVERSATION_QUERIES } from './conversations';
import { EXECUTION_QUERIES } from './executions';
import { OWNERSHIP_QUERIES } from './ownership';

export const ALL_STORE_QUERIES: readonly QuerySpec[] = [
  ...AGENT_QUERIES,
  ...EXECUTION_QUERIES,
  ...CONVERSATION_QUERIES,
  ...OWNERSHIP_QUERIES,
];
