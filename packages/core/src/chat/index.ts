/** Designer conversations: their documents, message parts and titles. */

export {
  BUDGET_WARNING_SHARE,
  type EstimatedSpec,
  estimateCost,
  exceedsBudgetShare,
  type ModelPrices,
  runsPerMonth,
} from './cost-estimate';
export { ConversationDocSchema, MessageDocSchema } from './documents';
export { titleOf } from './title';
export { approxTokens } from './tokens';
export * from './types';
