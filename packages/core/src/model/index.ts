/** Model usage and the reasons a model call fails. */
export { priceUsage, type UsagePrices } from './price';
export { MODEL_ERROR_REASONS, type ModelErrorReason } from './reasons';
export { addUsage, type TokenUsage, ZERO_USAGE } from './usage';
