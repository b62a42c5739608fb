/** What the person reads after "Link Google account", from the link's outcome. */

import type { LinkOutcome } from '../data/session';
import { t } from '../i18n/messages';
import type { Notice } from './notifier';

export function linkNotice(outcome: LinkOutcome, messages = t()): { kind: Notice['kind']; text: string } {
  if (outcome.mergeError) {
    return { kind: 'error', text: messages.linkedMergeFailed(outcome.mergeError.message) };
  }
  if (outcome.merged) return { kind: 'success', text: messages.linkedMerged(outcome.merged.agents) };
  return { kind: 'success', text: messages.linkedOk };
}
