/** The port contract suites: every adapter of a port, production and local, must pass its suite. */
export { describeAuthContract } from './auth-contract';
export { describeModelContract } from './model-contract';
export { describeStoreContract, STORE_CONTRACT_INDEXES } from './store-contract';
export { type DeliveredTask, describeTaskQueueContract } from './task-queue-contract';
