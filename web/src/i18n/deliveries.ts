/**
 * The words of deliveries (where results go) and the run page, in English and
 * Korean. Kept beside the main catalogues so they can grow apart from them;
 * `td()` follows the current locale like `t()`.
 */
import { getLocale } from '../state/locale';

const en = {
  deliveries: 'Where results go',
  deliveriesHint: 'Each run’s result is sent here when it ends: to a chat, an app, your inbox or this browser.',
  noDeliveries: 'Nowhere yet: results stay on this page.',
  kind: 'Send by',
  format: 'Format',
  type_webhook: 'Webhook',
  type_email: 'E-mail',
  type_push: 'Browser notification',
  format_json: 'Signed JSON',
  format_slack: 'Slack',
  format_discord: 'Discord',
  format_googlechat: 'Google Chat',
  url: 'Webhook address',
  email: 'E-mail address',
  on: 'When',
  on_success: 'it succeeds',
  on_failure: 'it fails',
  add: 'Add',
  remove: 'Remove',
  sendTest: 'Send a test',
  testSent: 'Test sent.',
  saved: 'Deliveries saved.',
  max: (n: number) => `Up to ${n} deliveries.`,
  thisBrowser: 'this browser and your other subscribed browsers',
  enablePush: 'Allow notifications on this browser',
  pushOn: 'This browser will get notifications.',
  pushUnsupported: 'This browser cannot receive push notifications.',
  pushDenied: 'Notifications are blocked for this site in the browser’s settings.',
  confirmSent: (email: string) => `A confirmation link was sent to ${email}. Open it, then add the delivery.`,
  confirmFirst: 'Not confirmed yet',
  sendConfirmation: 'Send confirmation link',
  delivery_pending: 'Sending',
  delivery_sent: 'Sent',
  delivery_failed: 'Not delivered',
  deliveryAttempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
  runTitle: 'Run',
  started: 'Started',
  duration: 'Duration',
  openAgent: 'Open the agent',
  runNotFound: 'This run was not found.',
};

export type DeliveryMessages = typeof en;

const ko: DeliveryMessages = {
  deliveries: '결과 받을 곳',
  deliveriesHint: '실행이 끝날 때마다 결과를 여기로 보냅니다. 채팅, 앱, 메일함 또는 이 브라우저로 받을 수 있습니다.',
  noDeliveries: '아직 없습니다. 결과는 이 페이지에서만 볼 수 있습니다.',
  kind: '보내는 방법',
  format: '형식',
  type_webhook: '웹훅',
  type_email: '이메일',
  type_push: '브라우저 알림',
  format_json: '서명된 JSON',
  format_slack: 'Slack',
  format_discord: 'Discord',
  format_googlechat: 'Google Chat',
  url: '웹훅 주소',
  email: '이메일 주소',
  on: '보낼 때',
  on_success: '성공했을 때',
  on_failure: '실패했을 때',
  add: '추가',
  remove: '삭제',
  sendTest: '시험 전송',
  testSent: '시험 메시지를 보냈습니다.',
  saved: '결과 받을 곳을 저장했습니다.',
  max: (n: number) => `최대 ${n}개까지 추가할 수 있습니다.`,
  thisBrowser: '이 브라우저와 구독한 다른 브라우저',
  enablePush: '이 브라우저에서 알림 받기',
  pushOn: '이 브라우저로 알림을 보냅니다.',
  pushUnsupported: '이 브라우저는 푸시 알림을 받을 수 없습니다.',
  pushDenied: '브라우저 설정에서 이 사이트의 알림이 차단되어 있습니다.',
  confirmSent: (email: string) => `${email} 주소로 확인 링크를 보냈습니다. 링크를 연 뒤 다시 추가해 주세요.`,
  confirmFirst: '아직 확인되지 않음',
  sendConfirmation: '확인 링크 보내기',
  delivery_pending: '보내는 중',
  delivery_sent: '보냄',
  delivery_failed: '전달 실패',
  deliveryAttempts: (n: number) => `${n}번 시도`,
  runTitle: '실행',
  started: '시작',
  duration: '걸린 시간',
  openAgent: '에이전트 열기',
  runNotFound: '이 실행을 찾을 수 없습니다.',
};

const catalogs = { en, ko };

/** The deliveries catalogue of the current locale. */
export function td(): DeliveryMessages {
  return catalogs[getLocale()];
}

/** One locale's catalogue (tests). */
export function deliveryMessagesFor(locale: 'en' | 'ko'): DeliveryMessages {
  return catalogs[locale];
}
