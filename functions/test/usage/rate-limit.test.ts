/**
 * The store-kept per-user limit behind chat turns and run-now: it holds under
 * concurrent requests (a transaction, so every instance sees the same count),
 * keeps users and limits apart, and says when to try again.
 */

import { ResourceExhaustedError, toErrorResponse } from '@agent-platform/core/errors';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { runNowLogs } from '../../src/store/rate-limits';
import { takeSlot } from '../../src/usage/rate-limit';

const limit = (_uid: string, perMinute = 3) => ({
  log: runNowLogs,
  perMinute,
  refusal: (wait: number) => ({ en: `Too many: wait ${wait} s.`, ko: `너무 많습니다. ${wait}초 기다리세요.` }),
});

describe('takeSlot', () => {
  test('lets exactly the limit through when requests arrive at once, and refuses the rest with Retry-After', async () => {
    const store = new SqliteStore(':memory:');
    const now = new Date('2026-11-23T08:00:00.000Z');
    // Two "instances": separate dependency objects over the same store.
    const instances = [
      { store, now: () => now },
      { store, now: () => now },
    ];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => takeSlot(instances[i % 2]!, 'u1', limit('u1'))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toBeInstanceOf(ResourceExhaustedError);
    expect(toErrorResponse(refusal.reason)).toEqual({
      status: 429,
      body: { error: { code: 'resource_exhausted', message: 'Too many: wait 60 s.' } },
      headers: { 'Retry-After': '60' },
    });
    // Another user has a slot of their own.
    await expect(takeSlot(instances[0]!, 'u2', limit('u2'))).resolves.toBeUndefined();
    store.close();
  });

  test('frees a slot once its request is a minute old', async () => {
    const store = new SqliteStore(':memory:');
    let now = new Date('2026-11-23T08:00:00.000Z');
    const deps = { store, now: () => now };
    await takeSlot(deps, 'u1', limit('u1', 1));
    now = new Date(now.getTime() + 45_000);
    await expect(takeSlot(deps, 'u1', limit('u1', 1))).rejects.toThrow('wait 15 s');
    now = new Date(now.getTime() + 15_001);
    await expect(takeSlot(deps, 'u1', limit('u1', 1))).resolves.toBeUndefined();
    store.close();
  });
});
