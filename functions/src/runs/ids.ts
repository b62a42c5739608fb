/**
 * The id of the scheduled run of `agentId` at `scheduledFor`: one id per
 * (agent, time), so every redelivery and every sweeper pass lands on the same
 * document. The agent id (random) comes first, which spreads task names the way
 * Cloud Tasks advises (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create).
 */
export function scheduledExecutionId(agentId: string, scheduledFor: Date | string): string {
  const ms = typeof scheduledFor === 'string' ? Date.parse(scheduledFor) : scheduledFor.getTime();
  return `${agentId}-at-${Math.floor(ms / 1000)}`;
}
