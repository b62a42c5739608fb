/**
 * The offline designer after the chat function answered its `propose_agent`
 * call: repeat the accepted draft's summary, or repair a rejected draft once
 * and then ask the person instead of looping.
 */
import type { Locale } from '@agent-platform/core/locale';
import { WHERE_TO_QUESTION } from './deliveries';
import { type OfflineReply, offlineNote, PROPOSE_TOOL, say } from './reply';
import { blocksOf, type RequestBlock, type RequestMessage, stableHash, toolResultText } from './request';

/** Answering the chat function's reply to our `propose_agent` call. */
export function afterToolResult(messages: RequestMessage[], result: RequestBlock, locale: Locale): OfflineReply {
  // The first block is the summary for the person; later ones are notes for the model.
  const text = toolResultText(result, { firstOnly: !result.is_error });
  if (!result.is_error) {
    // A draft that sends its results nowhere: ask where they should go.
    const proposed = lastProposal(messages)?.deliveries;
    const whereTo = Array.isArray(proposed) && proposed.length > 0 ? '' : `${WHERE_TO_QUESTION[locale]}\n\n`;
    const closing =
      whereTo +
      (locale === 'ko'
        ? '채팅에서 바로 테스트 실행해 결과를 보거나, 바꿀 점을 말씀하시거나, 저장하세요.'
        : 'You can test-run it from the chat to see a real result, ask me for changes, or save it.');
    // The same reply opened with the offline note already, one model call ago.
    return { content: [{ type: 'text', text: `${text}\n\n${closing}` }], stop_reason: 'end_turn' };
  }
  // A rejected draft: fix what the issues name, once; then explain instead of looping.
  const errorsInARow = countTrailingErrors(messages);
  const previous = lastProposal(messages);
  if (errorsInARow > 1 || !previous) {
    return say(
      locale,
      locale === 'ko'
        ? `초안이 검사를 통과하지 못했어요: ${text}\n표현을 조금 바꿔 다시 말씀해 주시겠어요?`
        : `The draft did not pass validation: ${text}\nCould you rephrase what you want?`,
    );
  }
  const fixed = repairDraft(previous, text);
  return {
    content: [
      {
        type: 'text',
        text: `${offlineNote(locale)}\n\n${locale === 'ko' ? '지적된 부분을 고친 초안입니다.' : 'Here is the draft with those issues fixed.'}`,
      },
      { type: 'tool_use', id: `toolu_offline_${stableHash(JSON.stringify(fixed))}`, name: PROPOSE_TOOL, input: fixed },
    ],
    stop_reason: 'tool_use',
  };
}

function countTrailingErrors(messages: RequestMessage[]): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as RequestMessage;
    if (m.role !== 'user') continue;
    const r = blocksOf(m).find((b) => b.type === 'tool_result');
    if (!r?.is_error) break;
    count++;
  }
  return count;
}

function lastProposal(messages: RequestMessage[]): Record<string, unknown> | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as RequestMessage;
    if (m.role !== 'assistant') continue;
    const call = blocksOf(m).find((b) => b.type === 'tool_use' && b.name === PROPOSE_TOOL);
    if (call?.input && typeof call.input === 'object') return call.input as Record<string, unknown>;
  }
  return undefined;
}

/** A conservative repair of the fields the validation issues name. */
function repairDraft(draft: Record<string, unknown>, issues: string): Record<string, unknown> {
  const out = structuredClone(draft);
  if (/\bname\b/.test(issues)) out.name = String(out.name ?? 'New agent').slice(0, 60) || 'New agent';
  if (/\bdescription\b/.test(issues)) out.description = String(out.description ?? '').slice(0, 300);
  if (/finalAgentPrompt/.test(issues)) {
    out.finalAgentPrompt = String(out.finalAgentPrompt ?? '').slice(0, 19_000) || 'Summarise the news of the day.';
  }
  if (/\btools\b/.test(issues)) out.tools = ['web_search'];
  if (/\bschedule\b/.test(issues) && out.schedule && typeof out.schedule === 'object') {
    const s = out.schedule as Record<string, unknown>;
    if (/schedule\.time/.test(issues)) s.time = '09:00';
    if (/schedule\.timezone/.test(issues)) s.timezone = 'UTC';
    if (/schedule\.daysOfWeek/.test(issues)) s.daysOfWeek = [1];
    if (/schedule\.dayOfMonth/.test(issues)) s.dayOfMonth = 1;
  }
  for (const field of ['name', 'description', 'finalAgentPrompt', 'tools', 'schedule', 'model']) {
    // Fields the schema does not know are dropped rather than argued about.
    if (new RegExp(`Unrecognized key[^\\n]*${field}`).test(issues)) delete out[field];
  }
  return out;
}
