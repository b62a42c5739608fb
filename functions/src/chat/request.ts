/** The body of `POST /api/chat` (docs/api.md "Chat"): checked before anything else happens. */
import { issueMessage } from '@agent-platform/core/agent';
import { InvalidArgumentError } from '@agent-platform/core/errors';
import { canonicalTimeZone } from '@agent-platform/core/schedule';
import * as z from '@agent-platform/core/zod';

const ChatBody = z.strictObject({
  message: z.string(),
  conversationId: z.optional(z.string()),
  agentId: z.optional(z.string()),
  /** The client's IANA time zone, the default for a draft's schedule (an extension of the API). */
  timezone: z.optional(z.string()),
});
export type ChatRequest = z.infer<typeof ChatBody>;

/** Validates the body of `POST /api/chat`; 400 naming each bad field. */
export function parseChatBody(body: unknown, maxChars: number): ChatRequest {
  const parsed = ChatBody.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ field: k, message: 'Unknown field.', ko: '알 수 없는 항목입니다.' }))
        : [{ field: i.path.join('.') || '(body)', message: issueMessage(i, 'en'), ko: issueMessage(i, 'ko') }],
    );
    throw new InvalidArgumentError(
      { en: 'The chat request is not valid.', ko: '채팅 요청이 올바르지 않습니다.' },
      details,
    );
  }
  const request = parsed.data;
  const length = [...request.message].length;
  if (request.message.trim() === '' || length > maxChars) {
    const most = maxChars.toLocaleString('en-US');
    throw new InvalidArgumentError(
      { en: `The message must be 1–${most} characters.`, ko: `메시지는 1–${most}자여야 합니다.` },
      [
        length > maxChars
          ? {
              field: 'message',
              message: `At most ${maxChars} characters (got ${length}).`,
              ko: `최대 ${maxChars}자입니다(${length}자를 받음).`,
            }
          : { field: 'message', message: 'Must not be empty.', ko: '비어 있으면 안 됩니다.' },
      ],
    );
  }
  if (request.timezone !== undefined) {
    const zone = canonicalTimeZone(request.timezone);
    if (!zone) {
      throw new InvalidArgumentError(
        { en: 'The time zone is not a known IANA zone.', ko: '알 수 없는 IANA 시간대입니다.' },
        [
          {
            field: 'timezone',
            message: 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".',
            ko: '알 수 없는 IANA 시간대입니다. 예: "Asia/Seoul", "UTC"',
          },
        ],
      );
    }
    request.timezone = zone;
  }
  return request;
}
