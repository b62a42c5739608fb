/**
 * Structured JSON logs, one line each, with the `severity` field Cloud Logging
 * reads. Services log through these helpers, never `console.log`.
 * Fields whose names look secret are replaced before anything is written.
 * Lines written while a request is handled carry that request's fields (its
 * trace: functions/src/http/trace.ts), however deep the code that logs them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type LogFields = Record<string, unknown>;

// Names of values that must never reach a log line (not `maxOutputTokens`-style counts).
const SECRET_KEY = /(api[-_]?key|authorization|^token$|idtoken|accesstoken|refreshtoken|secret|password|credential)/i;
const ORDER: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

let minimum: Severity =
  (process.env.LOG_LEVEL?.toUpperCase() as Severity) in ORDER
    ? (process.env.LOG_LEVEL?.toUpperCase() as Severity)
    : 'INFO';
const requestFields = new AsyncLocalStorage<LogFields>();
let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

/** Replaces where log lines go and the lowest severity written (tests, the local stack). */
export function configureLog(options: { sink?: (line: string) => void; minimum?: Severity }): void {
  if (options.sink) sink = options.sink;
  if (options.minimum) minimum = options.minimum;
}

/** Runs `fn` with `fields` added to every line it (and whatever it starts) logs. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return Object.keys(fields).length === 0 ? fn() : requestFields.run(fields, fn);
}

/** A copy of `value` with secret-looking fields shown as omitted. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null ? '[omitted]' : redact(v, depth + 1);
  }
  return out;
}

function write(severity: Severity, message: string, fields?: LogFields): void {
  if (ORDER[severity] < ORDER[minimum]) return;
  const entry = {
    severity,
    message,
    time: new Date().toISOString(),
    ...requestFields.getStore(),
    ...(redact(fields ?? {}) as LogFields),
  };
  sink(JSON.stringify(entry));
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('DEBUG', message, fields),
  info: (message: string, fields?: LogFields) => write('INFO', message, fields),
  warn: (message: string, fields?: LogFields) => write('WARNING', message, fields),
  error: (message: string, fields?: LogFields) => write('ERROR', message, fields),
};
