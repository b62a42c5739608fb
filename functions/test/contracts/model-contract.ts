/**
 * The Model contract: whatever the Model port points at (Claude, or the
 * offline stand-in) answers the Messages API as `@anthropic-ai/sdk` expects,
 * streamed and not, with usage; and refuses a bad request with a 400 that the
 * platform treats as permanent.
 */

import { NonRetriableError } from '@agent-platform/core/errors';
import type { ModelEndpoint } from '@agent-platform/core/ports';
import Anthropic from '@anthropic-ai/sdk';
import { toModelError } from '../../src/model/errors';

export interface ModelHarness {
  endpoint: ModelEndpoint;
  model: string;
  cleanup(): Promise<void>;
}

export function describeModelContract(name: string, make: () => Promise<ModelHarness>): void {
  describe(`Model contract: ${name}`, () => {
    let h: ModelHarness;
    let client: Anthropic;
    beforeAll(async () => {
      h = await make();
      client = new Anthropic({ apiKey: h.endpoint.apiKey, baseURL: h.endpoint.baseURL ?? null, maxRetries: 0 });
    });
    afterAll(async () => h.cleanup());

    test('answers a message with text and token usage', async () => {
      const message = await client.messages.create({
        model: h.model,
        max_tokens: 200,
        messages: [{ role: 'user', content: 'Reply with one short sentence about Seoul. 서울에 대해 한 문장.' }],
      });
      expect(message.role).toBe('assistant');
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      expect(text.length).toBeGreaterThan(0);
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
    });

    test('streams the same kind of answer as text deltas', async () => {
      const stream = client.messages.stream({
        model: h.model,
        max_tokens: 200,
        messages: [{ role: 'user', content: 'Say hello in Korean and English.' }],
      });
      let streamed = '';
      stream.on('text', (t) => {
        streamed += t;
      });
      const final = await stream.finalMessage();
      const text = final.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      expect(streamed).toBe(text);
      expect(text.length).toBeGreaterThan(0);
    });

    test('refuses a request without max_tokens as a permanent error', async () => {
      const err = await client.messages
        .create({
          model: h.model,
          messages: [{ role: 'user', content: 'hi' }],
        } as unknown as Anthropic.MessageCreateParamsNonStreaming)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect(toModelError(err)).toBeInstanceOf(NonRetriableError);
    });
  });
}
