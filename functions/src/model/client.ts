/**
 * The one Anthropic client of an instance, pointed where the Model port says:
 * Claude, or the offline stand-in's local Messages-API endpoint.
 *
 * The SDK is loaded on first use, not at module init: it is most of a bundle's
 * size, and `agents` and `tick` never call the model (cold starts, bench/RESULTS.md).
 */

import type { ModelEndpoint } from '@agent-platform/core/ports';
import type Anthropic from '@anthropic-ai/sdk';
import { adapters } from '../shared/factory';

let cached: { endpoint: ModelEndpoint; client: Anthropic } | undefined;

/** The client for the current adapters' model endpoint (built once per endpoint). */
export function modelClient(endpoint: ModelEndpoint = adapters().model): Anthropic {
  if (cached?.endpoint !== endpoint) {
    const { Anthropic: Client } = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
    cached = {
      endpoint,
      // The SDK retries 408/409/429/5xx/529 twice with backoff; Cloud Tasks retries whole attempts after that.
      client: new Client({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL ?? null, maxRetries: 2 }),
    };
  }
  return cached.client;
}
