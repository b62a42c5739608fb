/**
 * The request's trace, as Cloud Logging wants it on each JSON log line, so a
 * request's lines sit under Cloud Run's request log entry and can be found with
 * `trace="projects/<project>/traces/<id>"`
 * (https://cloud.google.com/run/docs/logging#correlate-logs,
 * https://cloud.google.com/logging/docs/structured-logging#special-payload-fields).
 *
 * Cloud Run puts the trace on every request it passes in, as W3C `traceparent`
 * (`00-<32 hex trace>-<16 hex span>-<flags>`, https://www.w3.org/TR/trace-context/)
 * and as `X-Cloud-Trace-Context` (`<32 hex trace>/<decimal span>;o=<0|1>`). The
 * W3C header is read first; a malformed one is ignored rather than logged wrongly.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LogFields } from '../shared/log';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const CLOUD_TRACE = /^([0-9a-f]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/i;
const ZERO_TRACE = /^0+$/;

interface Trace {
  traceId: string;
  spanId?: string;
  sampled?: boolean;
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function parseTraceparent(header: string): Trace | undefined {
  const m = TRACEPARENT.exec(header.toLowerCase());
  if (!m) return undefined;
  const [, traceId, spanId, flags] = m as unknown as [string, string, string, string];
  if (ZERO_TRACE.test(traceId) || ZERO_TRACE.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

function parseCloudTrace(header: string): Trace | undefined {
  const m = CLOUD_TRACE.exec(header);
  if (!m) return undefined;
  const traceId = (m[1] as string).toLowerCase();
  if (ZERO_TRACE.test(traceId)) return undefined;
  // The span is a decimal 64-bit number here; Cloud Logging wants it as 16 hex digits.
  const span = m[2] ? BigInt(m[2]) : 0n;
  const spanId = span > 0n && span < 2n ** 64n ? span.toString(16).padStart(16, '0') : undefined;
  return { traceId, ...(spanId ? { spanId } : {}), ...(m[3] ? { sampled: m[3] === '1' } : {}) };
}

/** The log fields naming this request's trace; none without a project or a well-formed header. */
export function traceLogFields(headers: IncomingHttpHeaders, projectId: string | undefined): LogFields {
  if (!projectId) return {};
  const trace =
    parseTraceparent(first(headers.traceparent)) ?? parseCloudTrace(first(headers['x-cloud-trace-context']));
  if (!trace) return {};
  return {
    'logging.googleapis.com/trace': `projects/${projectId}/traces/${trace.traceId}`,
    ...(trace.spanId ? { 'logging.googleapis.com/spanId': trace.spanId } : {}),
    ...(trace.sampled !== undefined ? { 'logging.googleapis.com/trace_sampled': trace.sampled } : {}),
  };
}
