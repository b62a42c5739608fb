/** Every query shape the functions run, for the index check (test/indexes.test.ts). */
import type { QuerySpec } from '@agent-platform/core/ports';
import { AGENT_VERSION_QUERIES } from './agent-versions';
import { AGENT_QUERIES } from './agents';
import { CONVERSATION_LIST_QUERIES } from './conversation-list';
import { CONVERSATION_QUERIES } from './conversations';
import { EXECUTION_QUERIES } from './executions';
import { OWNERSHIP_QUERIES } from './ownership';
import { RUN_HISTORY_QUERIES } from './run-history';

export const ALL_STORE_QUERIES: readonly QuerySpec[] = [
  ...AGENT_QUERIES,
  ...EXECUTION_QUERIES,
  ...CONVERSATION_QUERIES,
  ...OWNERSHIP_QUERIES,
  ...AGENT_VERSION_QUERIES,
  ...RUN_HISTORY_QUERIES,
  ...CONVERSATION_LIST_QUERIES,
];
