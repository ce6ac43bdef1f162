import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { headerValue } from '../cloud-events';

const tracer = trace.getTracer('@concord/messaging');

/** The W3C traceparent of the active span, for stamping on an outgoing event. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

function contextFromTraceparent(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
}

type ConsumedRecordRef = { topic: string; partition: number; offset: string; key: Buffer | null; headers?: IHeaders };

/**
 * Starts a CONSUMER `process` span whose parent is the producer's context from the record's
 * `traceparent` header, and returns it with its context and its own traceparent (for events the
 * record causes). Attributes follow the OpenTelemetry messaging semantic conventions.
 */
export function startProcessSpan(record: ConsumedRecordRef, consumerGroup: string): { span: Span; context: Context; traceparent?: string } {
  const parent = contextFromTraceparent(headerValue(record.headers, 'traceparent'));
  const messageId = headerValue(record.headers, 'ce_id');
  const span = tracer.startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
        'messaging.consumer.group.name': consumerGroup,
        ...(record.key ? { 'messaging.kafka.message.key': record.key.toString('utf8') } : {}),
        ...(messageId ? { 'messaging.message.id': messageId } : {}),
      },
    },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  const carrier: Record<string, string> = {};
  propagation.inject(spanContext, carrier);
  return { span, context: spanContext, traceparent: carrier.traceparent };
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  }
  span.end();
}

/**
 * Runs `work` inside the record's `process` span (see startProcessSpan) — per record, also in batch
 * mode, so a flow across services stays one trace.
 */
export async function withProcessSpan<T>(record: ConsumedRecordRef, consumerGroup: string, work: (span: Span) => Promise<T>): Promise<T> {
  const { span, context: spanContext } = startProcessSpan(record, consumerGroup);
  return context.with(spanContext, async () => {
    try {
      const result = await work(span);
      endSpan(span);
      return result;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  });
}

/**
 * Starts a PRODUCER `send` span as a child of the context captured when the event was written to
 * the outbox, and returns it with the traceparent to put on the record (the send span's own).
 */
export function startSendSpan(topic: string, storedTraceparent: string | undefined, messageId: string): { span: Span; traceparent?: string } {
  const parent = contextFromTraceparent(storedTraceparent);
  const span = tracer.startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': messageId,
      },
    },
    parent,
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return { span, traceparent: carrier.traceparent };
}
