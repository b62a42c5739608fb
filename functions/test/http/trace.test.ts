/**
 * The trace on log lines (functions/src/http/trace.ts): read from Cloud Run's
 * `traceparent`, else `X-Cloud-Trace-Context`, in the fields Cloud Logging
 * groups a request's lines by; nothing at all rather than a wrong trace.
 */
import { traceLogFields } from '../../src/http/trace';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('traceparent gives the trace, the span and whether it is sampled', () => {
  expect(traceLogFields({ traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }, 'demo')).toEqual({
    'logging.googleapis.com/trace': `projects/demo/traces/${TRACE}`,
    'logging.googleapis.com/spanId': '00f067aa0ba902b7',
    'logging.googleapis.com/trace_sampled': true,
  });
  expect(traceLogFields({ traceparent: `00-${TRACE}-00f067aa0ba902b7-00` }, 'demo')).toMatchObject({
    'logging.googleapis.com/trace_sampled': false,
  });
});

test('X-Cloud-Trace-Context gives the trace, and its decimal span as 16 hex digits', () => {
  expect(traceLogFields({ 'x-cloud-trace-context': `${TRACE.toUpperCase()}/12345;o=1` }, 'demo')).toEqual({
    'logging.googleapis.com/trace': `projects/demo/traces/${TRACE}`,
    'logging.googleapis.com/spanId': '0000000000003039',
    'logging.googleapis.com/trace_sampled': true,
  });
  expect(traceLogFields({ 'x-cloud-trace-context': TRACE }, 'demo')).toEqual({
    'logging.googleapis.com/trace': `projects/demo/traces/${TRACE}`,
  });
});

test('traceparent is read first when both are sent', () => {
  const other = 'a'.repeat(32);
  const fields = traceLogFields(
    { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, 'x-cloud-trace-context': `${other}/1;o=1` },
    'demo',
  );
  expect(fields['logging.googleapis.com/trace']).toBe(`projects/demo/traces/${TRACE}`);
});

test.each([
  ['a malformed traceparent and no other header', { traceparent: `00-${TRACE}-xyz-01` }],
  ['an all-zero trace', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
  ['a short trace id', { 'x-cloud-trace-context': 'abc/1;o=1' }],
  ['a trace with a log-injection attempt', { 'x-cloud-trace-context': `${TRACE}"}\n{"severity":"ERROR` }],
  ['no trace header', {}],
])('%s gives no trace fields', (_name, headers) => {
  expect(traceLogFields(headers, 'demo')).toEqual({});
});

test('a malformed traceparent falls back to X-Cloud-Trace-Context', () => {
  expect(traceLogFields({ traceparent: 'garbage', 'x-cloud-trace-context': `${TRACE}/1` }, 'demo')).toMatchObject({
    'logging.googleapis.com/trace': `projects/demo/traces/${TRACE}`,
  });
});

test('without a project there is no trace to name', () => {
  expect(traceLogFields({ traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }, undefined)).toEqual({});
});
