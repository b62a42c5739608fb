/** The local stack behind `npm start`, for the integration tests and benchmarks that boot it. */
export { type GuestSignUp, LocalAuth } from './guest-auth';
export { type LocalStack, type LocalStackOptions, startLocalStack } from './stack';
