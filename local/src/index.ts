/** The local stack behind `npm start`, for the integration tests and benchmarks that boot it. */
export { LocalAppCheck } from './app-check';
export { SIGNATURE_REMOVED } from './google/cloud-run-front';
export { PUBSUB_PUSH, TASKS_INVOKER } from './google/identity';
export { type GuestSignUp, LocalAuth } from './guest-auth';
export { HOSTING_TIMEOUT_MS } from './hosting/hosting-front';
export { type LocalStack, type LocalStackOptions, startLocalStack } from './stack';
