/** The agent: its schema (API bodies, designer drafts, the web form), its messages and its stored shape. */
export { type Agent, type AgentDoc, AgentDocSchema, type LastRun, LastRunSchema } from './documents';
export { type CustomKey, fieldName, type Issue, issueDetails, issueMessage } from './messages';
export {
  AgentDraftSchema,
  type AgentPatch,
  AgentPatchSchema,
  type AgentSpec,
  type AgentSpecInput,
  AgentSpecSchema,
  type AgentStatus,
  CRON_MAX,
  DEFAULT_MODEL,
  DESCRIPTION_MAX,
  type Frequency,
  MODELS,
  NAME_MAX,
  PROMPT_MAX,
  type Schedule,
  ScheduleSchema,
  STATUSES,
  TOOLS,
  type ToolName,
  type Validation,
  validateAgentPatch,
  validateAgentSpec,
  validateSchedule,
} from './schema';
export {
  type AgentSnapshot,
  type AgentVersion,
  type AgentVersionDoc,
  AgentVersionDocSchema,
  changedFields,
  snapshotOf,
  VERSIONED_FIELDS,
  type VersionedField,
} from './versions';
