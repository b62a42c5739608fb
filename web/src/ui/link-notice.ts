/** What the person reads after "Link Google account", from the link's outcome. */

import { t } from '@agent-platform/web/i18n';
import type { LinkOutcome } from '../data/link-google';
import type { Notice } from './notifier';

export function linkNotice(outcome: LinkOutcome, messages = t()): { kind: Notice['kind']; text: string } {
  if (outcome.mergeError) {
    return { kind: 'error', text: messages.linkedMergeFailed(outcome.mergeError.message) };
  }
  if (outcome.merged) return { kind: 'success', text: messages.linkedMerged(outcome.merged.agents) };
  return { kind: 'success', text: messages.linkedOk };
}
