/**
 * A run's result as a markdown document to copy or download: the agent's name,
 * when it finished, then the result as the model wrote it (or the error).
 */
import type { Execution } from '../data/types';
import { lib } from '../i18n/library';
import { formatDateTime } from './format';

/** The markdown of a finished run. */
export function resultMarkdown(
  run: Pick<Execution, 'result' | 'error' | 'endTime' | 'status'>,
  agentName: string,
): string {
  const when = formatDateTime(run.endTime);
  const body = run.status === 'failed' ? `**${lib().failedRun}:** ${run.error ?? ''}` : (run.result ?? '');
  return `# ${agentName}\n\n_${when}_\n\n${body.trimEnd()}\n`;
}

/** A file name for it: the agent's name (letters of any script kept) and the day it finished, `.md`. */
export function resultFileName(agentName: string, endTime: string | null): string {
  const name =
    agentName
      .normalize('NFC')
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'result';
  const day = endTime ? endTime.slice(0, 10) : 'result';
  return `${name}-${day}.md`;
}
