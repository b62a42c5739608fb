/**
 * Handing a stored turn to the chatTurn worker (a turn started with
 * `Prefer: respond-async`, RFC 7240). If the task cannot be made, the turn is
 * closed as failed at once, so no reply waits for a worker that never comes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AppError, localizedMessage } from '@agent-platform/core/errors';
import { taskNameFor } from '@agent-platform/core/ports';
import { ZERO_USAGE } from '../model/usage';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import type { StartedTurn } from './begin-turn';
import { finishTurn } from './finish-turn';
import { tryAgainText } from './messages';

/** Whether the request asks not to wait for the turn (`Prefer: respond-async`, among other preferences). */
export function prefersAsync(headers: IncomingHttpHeaders): boolean {
  const prefer = headers.prefer;
  const values = (Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '')).split(',');
  return values.some((v) => v.split(';')[0]?.trim().toLowerCase() === 'respond-async');
}

/** Enqueues the turn for the worker; on failure closes its reply as failed and rethrows. */
export async function queueTurn(deps: Adapters, turn: StartedTurn): Promise<void> {
  try {
    await deps.tasks.enqueue({
      target: 'chatTurn',
      name: taskNameFor(`turn-${turn.conversationId}-${turn.replyId}`),
      scheduleTime: deps.now(),
      payload: { conversationId: turn.conversationId, messageId: turn.replyId, userId: turn.uid },
    });
  } catch (err) {
    const error =
      err instanceof AppError
        ? err
        : new AppError('unavailable', 'Could not start the reply.', { ko: '답을 시작하지 못했습니다.' });
    log.warn('chat turn not queued; closed as failed', { conversationId: turn.conversationId, err });
    await finishTurn(deps, turn, {
      parts: [
        {
          type: 'error',
          data: { code: error.code, message: tryAgainText(localizedMessage(error, turn.locale), turn.locale) },
        },
      ],
      content: '',
      state: 'error',
      usage: { ...ZERO_USAGE },
      model: deps.config.models.designerModel,
      draft: null,
    });
    throw error;
  }
}
