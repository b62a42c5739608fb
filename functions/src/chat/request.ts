/** The body of `POST /api/chat` (docs/api.md "Chat"): checked before anything else happens. */
import { issueMessage } from '@agent-platform/core/agent';
import { InvalidArgumentError } from '@agent-platform/core/errors';
import { canonicalTimeZone } from '@agent-platform/core/schedule';
import { z } from 'zod';

const ChatBody = z.strictObject({
  message: z.string(),
  conversationId: z.string().optional(),
  agentId: z.string().optional(),
  /** The client's IANA time zone, the default for a draft's schedule (an extension of the API). */
  timezone: z.string().optional(),
});
export type ChatRequest = z.infer<typeof ChatBody>;

/** Validates the body of `POST /api/chat`; 400 naming each bad field. */
export function parseChatBody(body: unknown, maxChars: number): ChatRequest {
  const parsed = ChatBody.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ field: k, message: 'Unknown field.' }))
        : [{ field: i.path.join('.') || '(body)', message: issueMessage(i, 'en') }],
    );
    throw new InvalidArgumentError('The chat request is not valid.', details);
  }
  const request = parsed.data;
  const length = [...request.message].length;
  if (request.message.trim() === '' || length > maxChars) {
    throw new InvalidArgumentError(`The message must be 1–${maxChars.toLocaleString('en-US')} characters.`, [
      {
        field: 'message',
        message: length > maxChars ? `At most ${maxChars} characters (got ${length}).` : 'Must not be empty.',
      },
    ]);
  }
  if (request.timezone !== undefined) {
    const zone = canonicalTimeZone(request.timezone);
    if (!zone) {
      throw new InvalidArgumentError('The time zone is not a known IANA zone.', [
        { field: 'timezone', message: 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".' },
      ]);
    }
    request.timezone = zone;
  }
  return request;
}
