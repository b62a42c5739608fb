/**
 * The library's API shapes as the web app reads them (docs/api.md "Your library
 * of work"), type-only from the shared definitions.
 */
import type { AgentVersion } from '@agent-platform/core/agent';
import type { ResultViewsDoc } from '@agent-platform/core/runs';
import type { Agent, AgentSpec, Execution } from './types';

export type { AgentVersion };

/** A template of the gallery (`GET /api/templates`). */
export interface Template {
  id: string;
  title: string;
  description: string;
  agent: AgentSpec & Pick<Agent, 'tools' | 'schedule'>;
}

/** A page of an agent's run history (`GET /api/agents/{id}/executions`). */
export interface RunPage {
  executions: Execution[];
  nextCursor: string | null;
}

/** The user's seen-results document, with its id. */
export type ResultViews = ResultViewsDoc & { id: string };
