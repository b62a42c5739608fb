/** What a host (the local stack) needs to run workspace runs its own way. */
export {
  claudeArgs,
  claudeEnv,
  KEPT_PATHS,
  parseKeptPaths,
  sessionEnv,
  type WorkspaceFile,
  type WorkspaceJob,
  type WorkspaceResult,
  type WorkspaceRunner,
} from './port';
