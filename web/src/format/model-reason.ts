/**
 * Why a model call failed, in the user's language: the server names the reason
 * with a stable word (functions/src/model/errors.ts `ModelErrorReason`) next to
 * its English text; run logs and chat errors both say it from here.
 */

import { messagesFor } from '../i18n/messages';
import { getLocale, type Locale } from '../state/locale';

type Messages = ReturnType<typeof messagesFor>;

/** The reason's words, or null when there is no reason or it is one this app does not know. */
export function modelReasonText(m: Messages, reason: string | null | undefined): string | null {
  const text = reason ? (m as unknown as Record<string, unknown>)[`ev_reason_${reason}`] : undefined;
  return typeof text === 'string' ? text : null;
}

/**
 * A chat reply's error: a model error whose reason the server names is said from
 * it, asking to send the message again when the failure was passing; any other
 * error shows its message as it came.
 */
export function chatErrorText(
  data: { message: string; code?: string; reason?: string },
  locale: Locale = getLocale(),
): string {
  const m = messagesFor(locale);
  const reason = modelReasonText(m, data.reason);
  if (!reason) return data.message;
  return data.code === 'unavailable' ? `${reason} ${m.chatTryAgain}` : reason;
}
