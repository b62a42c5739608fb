/**
 * Why a model call failed, as a stable word: the functions attach it to errors
 * and run logs, and clients (the web app) say it in the person's language.
 */
export const MODEL_ERROR_REASONS = [
  'timeout',
  'unreachable',
  'rate_limited',
  'overloaded',
  'temporary',
  'auth',
  'refused',
  'unexpected',
] as const;

export type ModelErrorReason = (typeof MODEL_ERROR_REASONS)[number];
