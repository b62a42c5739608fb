/**
 * What the designer repeats back before anything is saved: the schedule in
 * words with its time zone and next three runs, and the likely cost per run
 * and per month, in the conversation's language.
 */
import type { AgentSpec } from '@agent-platform/core/agent';
import type { CostEstimate, SchedulePreview } from '@agent-platform/core/chat';
import type { Locale } from '@agent-platform/core/locale';
import { previewSchedule } from '@agent-platform/core/schedule';
import { formatUsd } from './cost-estimate';

/** The schedule of a draft in words with its next three runs, or null when it runs only on demand. */
export function schedulePreview(draft: Pick<AgentSpec, 'schedule'>, now: Date, locale: Locale): SchedulePreview | null {
  if (!draft.schedule) return null;
  const preview = previewSchedule(draft.schedule, now, 3, locale);
  return { description: preview.description, timezone: draft.schedule.timezone, nextRuns: preview.runs };
}

/** One paragraph: schedule, time zone, next runs, cost, and the agent's own monthly budget. */
export function summaryText(
  schedule: SchedulePreview | null,
  estimate: CostEstimate,
  locale: Locale,
  budgetUsd: number | null = null,
): string {
  const text = locale === 'ko' ? korean(schedule, estimate) : english(schedule, estimate);
  if (budgetUsd === null) return text;
  return `${text}\n${
    locale === 'ko'
      ? `이 에이전트의 월 예산: ${formatUsd(budgetUsd)} (다 쓰면 그달의 실행이 멈춥니다. 언제든 바꿀 수 있습니다).`
      : `Monthly budget for this agent: ${formatUsd(budgetUsd)} (its runs stop for the month once it is spent; change it any time).`
  }`;
}

function english(schedule: SchedulePreview | null, e: CostEstimate): string {
  const lines: string[] = [];
  if (schedule) {
    lines.push(`Schedule: ${schedule.description}, time zone ${schedule.timezone}.`);
    if (schedule.nextRuns.length) lines.push(`Next three runs: ${schedule.nextRuns.map((r) => r.label).join('; ')}.`);
  } else {
    lines.push('Schedule: none. It runs only when you run it.');
  }
  const perMonth =
    e.perMonthUsd === null ? '' : ` and about ${formatUsd(e.perMonthUsd)} per month (about ${e.runsPerMonth} runs)`;
  const basis =
    e.basis === 'test_run'
      ? `from the test run's real usage (${tokens(e, 'en')} tokens on ${e.modelLabel})`
      : `estimated for a typical run of this kind on ${e.modelLabel} (about ${tokens(e, 'en')} tokens); a test run gives the real figure`;
  lines.push(`Likely cost: about ${formatUsd(e.perRunUsd)} per run${perMonth}, ${basis}.`);
  return lines.join('\n');
}

function korean(schedule: SchedulePreview | null, e: CostEstimate): string {
  const lines: string[] = [];
  if (schedule) {
    lines.push(`일정: ${schedule.description}, 시간대 ${schedule.timezone}.`);
    if (schedule.nextRuns.length) lines.push(`다음 세 번의 실행: ${schedule.nextRuns.map((r) => r.label).join('; ')}.`);
  } else {
    lines.push('일정: 없음. 직접 실행할 때만 실행됩니다.');
  }
  const perMonth = e.perMonthUsd === null ? '' : `, 한 달 약 ${formatUsd(e.perMonthUsd)} (약 ${e.runsPerMonth}회)`;
  const basis =
    e.basis === 'test_run'
      ? `테스트 실행의 실제 사용량 기준 (${e.modelLabel}, ${tokens(e, 'ko')} 토큰)`
      : `${e.modelLabel}에서 이런 종류의 실행이 보통 쓰는 양(약 ${tokens(e, 'ko')} 토큰)으로 추정했으며, 테스트 실행을 하면 실제 비용을 알 수 있습니다`;
  lines.push(`예상 비용: 실행당 약 ${formatUsd(e.perRunUsd)}${perMonth}. ${basis}.`);
  return lines.join('\n');
}

function tokens(e: CostEstimate, locale: Locale): string {
  return (e.tokensPerRun.input + e.tokensPerRun.output).toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US');
}
