/** Runs: the execution document, its API JSON and the run log's vocabulary. */
export { ExecutionDocSchema } from './documents';
export * from './events';
export * from './types';
