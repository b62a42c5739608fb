/** The shape of a stored schedule: the agent schema validates it, the schedule modules compute with it. */

export const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly', 'cron'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** When an agent runs, in an IANA zone. `time` is "HH:MM" (24 h); `hourly` uses only its minutes. */
export interface Schedule {
  frequency: Frequency;
  time?: string;
  /** 1 = Monday … 7 = Sunday (weekly only). */
  daysOfWeek?: number[];
  /** 1–31 (monthly only); a month without that day runs on its last day. */
  dayOfMonth?: number;
  /** Five fields: minute hour day-of-month month day-of-week (cron only). */
  cron?: string;
  timezone: string;
}
