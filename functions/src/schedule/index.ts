/** Schedules: next runs in the schedule's zone, and schedules in words (browser-safe). */
export { describeSchedule, describeScheduleOrManual } from './describe';
export { localDate, nextRunAt, nextRuns } from './next-run';
export { cronProblem, normaliseCron, patternFor } from './pattern';
export { formatRunTime, previewSchedule, type RunPreview } from './preview';
export { canonicalTimeZone, type Locale, zoneLabel } from './zones';
