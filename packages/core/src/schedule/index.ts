/** Schedules: next runs in the schedule's zone, and schedules in words (browser-safe). */
export { describeSchedule, describeScheduleOrManual } from './describe';
export { describeCron } from './describe-cron';
export { dateTimeFormat } from './formatters';
export { latestMissed, localDate, nextRunAt, nextRuns } from './next-run';
export { cronOptions, cronProblem, normaliseCron, parseTime, patternFor } from './pattern';
export { formatRunTime, previewSchedule, type RunPreview } from './preview';
export { FREQUENCIES, type Frequency, type Schedule } from './types';
export { canonicalTimeZone, zoneLabel } from './zones';
