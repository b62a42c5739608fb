/**
 * What a host of these functions needs besides registering them (importing
 * `@agent-platform/functions` does that): the configuration, the adapters it
 * installs, logging, and server-sent events. The local stack (local/) is such
 * a host; on Google Cloud the Functions Framework is, and needs none of this.
 */
export { openEventStream, sendEvent } from './http/sse';
export { type Config, describeConfig, loadConfig, type QueueSettings } from './shared/config';
export { type Adapters, useAdapters } from './shared/factory';
export { configureLog, log } from './shared/log';
