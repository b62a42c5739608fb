/**
 * What the guarded client costs a webhook send: the same 2 KB JSON POST to a
 * receiver on this machine, through `guardedFetch` (URL checks, address
 * classification, the pinned lookup, bounded read) and through a bare
 * `node:http` request that also opens a fresh connection each time (the
 * guarded client never reuses one, so a pooled client would not be a fair
 * baseline). And the Standard Webhooks signature of a 10 KB body.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeaders } from '../../functions/src/deliveries/signing';
import { guardedFetch } from '../../functions/src/net/guarded-fetch';
import { progress } from '../lib/progress';
import { ratio, round, summarize } from '../lib/stats';
import type { BenchSuite } from '../lib/types';

const SENDS = 400;
const BODY = JSON.stringify({ type: 'run.succeeded', result: 'x'.repeat(2000) });
const BASELINE = 'bare node:http POST, fresh connection';

function barePost(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SENDS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

export const run: BenchSuite = async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const policy = { allowLoopback: true };
  // Warm both paths (JIT, the receiver) before measuring.
  for (let i = 0; i < 50; i++) {
    await barePost(url);
    await guardedFetch(url, { body: BODY, headers: { 'Content-Type': 'application/json' } }, policy);
  }
  progress('deliveries', 'bare sends');
  const bare = summarize(await timed(() => barePost(url)));
  progress('deliveries', 'guarded sends');
  const guarded = summarize(
    await timed(() => guardedFetch(url, { body: BODY, headers: { 'Content-Type': 'application/json' } }, policy)),
  );
  await new Promise<void>((r) => server.close(() => r()));

  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const big = 'y'.repeat(10_000);
  const signs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = process.hrtime.bigint();
    signatureHeaders(secret, `msg_${i}`, 1_700_000_000 + i, big);
    signs.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const sign = summarize(signs);

  return [
    {
      id: 'deliveries',
      title: 'Deliveries: the guarded client and webhook signing',
      method: `${SENDS} sequential POSTs of a 2 KB JSON body to a receiver on 127.0.0.1, each on a fresh connection, after 50 warm-up sends; then 2,000 Standard Webhooks signatures of a 10 KB body.`,
      rows: [
        { label: `${BASELINE}: median`, value: round(bare.p50), unit: 'µs' },
        { label: `${BASELINE}: p99`, value: round(bare.p99), unit: 'µs' },
        {
          label: 'guardedFetch (checks, pinned lookup, bounded read): median',
          value: round(guarded.p50),
          unit: 'µs',
          ratio: ratio(guarded.p50, bare.p50),
          baseline: BASELINE,
        },
        {
          label: 'guardedFetch: p99',
          value: round(guarded.p99),
          unit: 'µs',
          ratio: ratio(guarded.p99, bare.p99),
          baseline: BASELINE,
        },
        { label: 'signing a 10 KB body (HMAC-SHA256, base64): median', value: round(sign.p50), unit: 'µs' },
      ],
      notes: ['A real receiver is tens of milliseconds away: the guard is a fraction of a millisecond per send.'],
    },
  ];
};
