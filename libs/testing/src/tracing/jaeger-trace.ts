import { stackEndpoints } from '../stack/stack-endpoints';
import { waitFor } from '../wait-for';

/** One span of a trace as Jaeger stored it. */
export interface TraceSpan {
  operationName: string;
  /** The service that exported the span (resolved from the trace's `processes`). */
  serviceName: string;
  spanId: string;
  /** The span's parent (its `CHILD_OF` reference), `undefined` for a root span. */
  parentSpanId: string | undefined;
}

/** A trace as Jaeger's query API returns it, reduced to what tests assert on. */
export interface JaegerTrace {
  traceId: string;
  spans: TraceSpan[];
}

export interface JaegerTraceOptions {
  /** 30 s unless given. */
  timeoutMs?: number;
  /** Jaeger's query API; `JAEGER_QUERY_URL` or the local stack unless given. */
  jaegerQueryUrl?: string;
}

/** The shape of `GET /api/traces/<id>` (Jaeger's v1 JSON, which Jaeger 2 still serves). */
interface JaegerTraceResponse {
  data: {
    traceID: string;
    spans: { spanID: string; operationName: string; processID: string; references?: { refType: string; spanID: string }[] }[];
    processes: Record<string, { serviceName: string }>;
  }[] | null;
}

/**
 * Polls Jaeger until the trace `traceId` (32 hex digits) exists and returns its spans so far.
 * Spans of one trace arrive independently: to wait for particular services use
 * {@link waitForTraceWithServices}.
 */
export function jaegerTrace(traceId: string, options: JaegerTraceOptions = {}): Promise<JaegerTrace> {
  return waitForTrace(traceId, () => true, `trace ${traceId} in Jaeger`, options);
}

/** Polls Jaeger until the trace `traceId` holds spans of every one of `services`, and returns it. */
export function waitForTraceWithServices(traceId: string, services: string[], options: JaegerTraceOptions = {}): Promise<JaegerTrace> {
  return waitForTrace(
    traceId,
    (trace) => services.every((service) => trace.spans.some((span) => span.serviceName === service)),
    `trace ${traceId} with spans of ${services.join(', ')}`,
    options,
  );
}

function waitForTrace(
  traceId: string,
  complete: (trace: JaegerTrace) => boolean,
  description: string,
  { timeoutMs = 30_000, jaegerQueryUrl = stackEndpoints().jaegerQueryUrl }: JaegerTraceOptions,
): Promise<JaegerTrace> {
  return waitFor(
    async () => {
      const trace = await fetchTrace(jaegerQueryUrl, traceId);
      return trace !== undefined && complete(trace) ? trace : undefined;
    },
    { timeoutMs, intervalMs: 250, description },
  );
}

/** What to search Jaeger for: traces with a span of `service` named `operation`, started since `since`. */
export interface JaegerSearch {
  service: string;
  operation: string;
  since: Date;
}

/**
 * Polls Jaeger's search until one of the traces it finds satisfies `matches`, and returns that
 * trace. For flows a test does not start itself (e.g. the simulator's traffic): find the trace by
 * what it must contain.
 */
export function waitForMatchingTrace(search: JaegerSearch, matches: (trace: JaegerTrace) => boolean, options: JaegerTraceOptions = {}): Promise<JaegerTrace> {
  const { timeoutMs = 30_000, jaegerQueryUrl = stackEndpoints().jaegerQueryUrl } = options;
  const query = new URLSearchParams({
    service: search.service,
    operation: search.operation,
    start: String(search.since.getTime() * 1000),
    limit: '100',
  });
  return waitFor(
    async () => {
      const response = await fetch(`${jaegerQueryUrl}/api/traces?${query}`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`Jaeger answered ${response.status} to a search for ${search.service} ${search.operation}`);
      const found = ((await response.json()) as JaegerTraceResponse).data ?? [];
      return found.map(toTrace).find(matches);
    },
    { timeoutMs, intervalMs: 500, description: `a trace with ${search.service} ${search.operation} that matches` },
  );
}

async function fetchTrace(jaegerQueryUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${jaegerQueryUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(5000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Jaeger answered ${response.status} for trace ${traceId}`);
  const found = ((await response.json()) as JaegerTraceResponse).data?.[0];
  return found === undefined ? undefined : toTrace(found);
}

function toTrace(found: NonNullable<JaegerTraceResponse['data']>[number]): JaegerTrace {
  return {
    traceId: found.traceID,
    spans: found.spans.map((span) => ({
      operationName: span.operationName,
      serviceName: found.processes[span.processID]?.serviceName ?? 'unknown',
      spanId: span.spanID,
      parentSpanId: span.references?.find((reference) => reference.refType === 'CHILD_OF')?.spanID,
    })),
  };
}
