/**
 * The Model port. The platform always talks to Claude through
 * `@anthropic-ai/sdk`; what changes between production and the local stack is
 * only where the client points: the real API when `ANTHROPIC_API_KEY` is set
 * (honouring `ANTHROPIC_BASE_URL`), else the offline model's local
 * Messages-API endpoint, which says in every reply that it is a stand-in.
 */
export interface ModelEndpoint {
  apiKey: string;
  /** Undefined means the SDK's default (api.anthropic.com). */
  baseURL: string | undefined;
  /** True when this is the offline stand-in rather than Claude. */
  offline: boolean;
}
