/** `GET /api/usage` (docs/api.md "Usage"): what the functions answer and the web app reads. */
export interface UsageJson {
  month: string;
  tokens: { input: number; output: number; total: number };
  costUsd: number;
  budget: {
    usd: number;
    remainingUsd: number;
    reservedUsd: number;
    kind: 'guest' | 'user';
    /** The optional token limit (`USER_MONTHLY_TOKEN_BUDGET`), null when none is set. */
    tokens: number | null;
    remaining: number | null;
  };
  platform: { usd: number; remainingUsd: number } | null;
  byAgent: { agentId: string; name: string; deleted: boolean; costUsd: number; tokens: number; runs: number }[];
  designer: { costUsd: number; tokens: number; turns: number };
  daily: { date: string; costUsd: number }[];
  resetsAt: string;
}
