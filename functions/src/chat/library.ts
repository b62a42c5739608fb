/**
 * The designer's side of the library (docs/api.md "Conversations"): the list of
 * the caller's conversations, and a conversation started from a template, which
 * opens with the template as its draft so it can be changed, tested or saved
 * like any other.
 */
import type { ConversationDoc, MessageDoc } from '@agent-platform/core/chat';
import { AppError } from '@agent-platform/core/errors';
import { isLocale, type Locale } from '@agent-platform/core/locale';
import { parseTimeZone } from '../http/query-params';
import { ZERO_USAGE } from '../model/usage';
import type { Adapters } from '../shared/factory';
import { listRecentConversations } from '../store/conversation-list';
import { conversations, messagesOf } from '../store/conversations';
import { findTemplate } from '../templates/service';
import { describeDraft } from './drafts';

/** One line of the list. */
export interface ConversationSummary {
  id: string;
  title: string;
  agentId: string | null;
  updatedAt: string;
  /** True when the designer has proposed an agent in it (saved or not). */
  hasDraft: boolean;
}

export const CONVERSATIONS_LIMIT_DEFAULT = 20;
export const CONVERSATIONS_LIMIT_MAX = 100;

/** `GET /api/conversations`: the caller's conversations, most recently active first. */
export async function listConversations(
  deps: Pick<Adapters, 'store'>,
  uid: string,
  limit: number,
): Promise<ConversationSummary[]> {
  const docs = await listRecentConversations(deps.store, uid, limit);
  return docs.map((d) => ({
    id: d.id,
    title: d.data.title,
    agentId: d.data.agentId,
    updatedAt: d.data.updatedAt,
    hasDraft: d.data.draft !== null,
  }));
}

const START_FIELDS = ['templateId', 'timezone', 'locale'];

/**
 * `POST /api/conversations` with `{"templateId", "timezone"?, "locale"?}`: a new
 * conversation whose draft is the template (its schedule in `timezone`), and an
 * opening pair of messages saying so. `locale` defaults to the request's language.
 */
export async function startFromTemplate(
  deps: Adapters,
  uid: string,
  body: unknown,
  requestLocale: Locale,
): Promise<{ conversationId: string }> {
  const input = parseStart(body);
  const locale = input.locale ?? requestLocale;
  const timezone = parseTimeZone(input.timezone, 'timezone');
  const template = findTemplate(input.templateId, locale, timezone);
  const now = deps.now();
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const described = describeDraft(deps, template.agent, locale, null);
  const intro =
    locale === 'ko'
      ? `「${template.title}」 템플릿을 초안으로 가져왔습니다. ${described.summary}\n바꾸고 싶은 점을 말씀해 주시거나, 테스트 실행 후 저장하세요.`
      : `Here is the “${template.title}” template as a draft. ${described.summary}\nTell me what to change, or test it and save it.`;
  const ask =
    locale === 'ko' ? `「${template.title}」 템플릿으로 시작할게요.` : `Start from the “${template.title}” template.`;
  const conversationId = deps.store.newId();
  const doc: ConversationDoc = {
    userId: uid,
    agentId: null,
    title: template.title,
    draft: template.agent,
    timezone,
    locale,
    tokenUsage: { ...ZERO_USAGE },
    costUsd: 0,
    lastTestRun: null,
    turnLeaseUntil: null,
    createdAt: at(0),
    updatedAt: at(1),
  };
  const message = (role: MessageDoc['role'], content: string, parts: MessageDoc['parts'], timestamp: string) =>
    ({ userId: uid, role, content, parts, tokenUsage: null, state: 'complete', timestamp }) satisfies MessageDoc;
  await deps.store.runTransaction(async (tx) => {
    conversations.create(tx, conversationId, doc);
    messagesOf(conversationId).create(
      tx,
      deps.store.newId(),
      message('user', ask, [{ type: 'text', data: { text: ask } }], at(0)),
    );
    messagesOf(conversationId).create(
      tx,
      deps.store.newId(),
      message(
        'assistant',
        intro,
        [
          { type: 'text', data: { text: intro } },
          { type: 'agent_draft', data: described },
        ],
        at(1),
      ),
    );
  });
  return { conversationId };
}

function parseStart(body: unknown): { templateId: string; timezone?: string; locale?: Locale } {
  const b = (body ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !START_FIELDS.includes(k));
  const bad: { field: string; message: string }[] = unknown.map((field) => ({ field, message: 'Unknown field.' }));
  if (typeof b.templateId !== 'string' || b.templateId === '')
    bad.push({ field: 'templateId', message: 'Required: a template id.' });
  if (b.timezone !== undefined && typeof b.timezone !== 'string')
    bad.push({ field: 'timezone', message: 'An IANA time zone.' });
  if (b.locale !== undefined && !isLocale(b.locale)) bad.push({ field: 'locale', message: 'ko or en.' });
  if (bad.length > 0) {
    throw new AppError('invalid_argument', `Some fields are not valid: ${bad.map((d) => d.field).join(', ')}.`, {
      retryable: false,
      details: bad,
      ko: `올바르지 않은 필드가 있습니다: ${bad.map((d) => d.field).join(', ')}.`,
    });
  }
  return b as { templateId: string; timezone?: string; locale?: Locale };
}
