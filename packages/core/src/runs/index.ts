/** Runs: the execution document, its API JSON and the run log's vocabulary. */
export { ExecutionDocSchema } from './documents';
export * from './events';
export { isNewResult, type ResultViewsDoc, ResultViewsDocSchema, SEEN_KEPT, withSeen } from './result-views';
export * from './types';
