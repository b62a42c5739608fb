/**
 * The checks of an agent's deliveries that need the network or the store, made
 * when the agent is saved (and again when each is sent): a webhook's host must
 * resolve to public addresses only (net/guarded-fetch.ts), and an e-mail must
 * go to a confirmed address.
 */
import type { Delivery } from '@agent-platform/core/agent';
import { AppError } from '@agent-platform/core/errors';
import { addressPolicy, checkTarget } from '../net/guarded-fetch';
import type { Adapters } from '../shared/factory';
import { isConfirmed, readSettings } from './settings';

/** Throws a 400 naming the first delivery that cannot be used. */
export async function checkDeliveries(
  deps: Pick<Adapters, 'config' | 'store'>,
  userId: string,
  deliveries: readonly Delivery[],
): Promise<void> {
  const policy = addressPolicy(deps.config);
  const emails = deliveries.filter((d) => d.type === 'email');
  const settings = emails.length > 0 ? await readSettings(deps, userId) : null;
  for (const [i, d] of deliveries.entries()) {
    if (d.type === 'webhook') await checkTarget(d.url, policy, `deliveries[${i}].url`);
    if (d.type === 'email' && settings && !isConfirmed(settings, d.to)) {
      const en = `${d.to} is not confirmed: add it with POST /api/email-addresses and open the link in the mail it gets.`;
      throw new AppError('invalid_argument', en, {
        details: [{ field: `deliveries[${i}].to`, message: 'This address is not confirmed yet.' }],
        retryable: false,
        ko: `${d.to} 주소가 확인되지 않았습니다. 주소를 추가하고 받은 메일의 확인 링크를 열어 주세요.`,
      });
    }
  }
}
