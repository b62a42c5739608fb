/**
 * The ports the functions' logic talks to; each has a production adapter
 * (functions/src/adapters) and a local one (local/src), and one contract suite
 * both must pass (functions/test/contracts).
 */
export * from './app-check';
export * from './artifacts';
export * from './auth';
export * from './indexes';
export * from './limits';
export * from './model';
export * from './store';
export * from './task-queue';
