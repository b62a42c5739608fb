/** The token estimate the designer and the web app share (packages/core). */
export { approxTokens } from '@agent-platform/core/chat';
