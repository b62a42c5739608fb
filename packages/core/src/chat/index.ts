/** Designer conversations: their documents, message parts and titles. */
export { ConversationDocSchema, MessageDocSchema } from './documents';
export { titleOf } from './title';
export * from './types';
