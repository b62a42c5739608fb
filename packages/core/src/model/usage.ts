/** Tokens a model call used, as the platform counts them (the functions price them: config/models.json). */

export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  webSearches: number;
  /** Container seconds billed for code execution without a web tool (config/models.json). */
  codeExecutionSeconds: number;
}

export const ZERO_USAGE: TokenUsage = {
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
  webSearches: 0,
  codeExecutionSeconds: 0,
};

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    webSearches: a.webSearches + b.webSearches,
    codeExecutionSeconds: a.codeExecutionSeconds + b.codeExecutionSeconds,
  };
}
