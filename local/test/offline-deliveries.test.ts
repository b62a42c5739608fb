/** What the offline designer reads as "send the results there". */
import { deliveriesIn } from '../src/offline-model/deliveries';

test.each([
  [
    '슬랙 https://hooks.slack.com/services/T0/B0/x 로 보내줘',
    [{ type: 'webhook', url: 'https://hooks.slack.com/services/T0/B0/x', format: 'slack' }],
  ],
  [
    'post to https://discord.com/api/webhooks/1/abc',
    [{ type: 'webhook', url: 'https://discord.com/api/webhooks/1/abc', format: 'discord' }],
  ],
  [
    'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k 여기로',
    [{ type: 'webhook', url: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k', format: 'googlechat' }],
  ],
  ['my webhook is https://example.com/in', [{ type: 'webhook', url: 'https://example.com/in', format: 'json' }]],
  ['Me@Example.com 으로 메일 보내줘', [{ type: 'email', to: 'me@example.com' }]],
  ['브라우저 알림으로 받을래요', [{ type: 'push' }]],
  ['read https://example.com/blog every day', []],
  ['비트코인 가격 알림 에이전트', []],
])('%s', (text, expected) => {
  expect(deliveriesIn(text)).toEqual(expected);
});
