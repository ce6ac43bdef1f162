import { waitForMatchingTrace, type JaegerTrace, type TraceSpan } from '@concord/testing';
import { eventDescriptor } from '@concord/messaging';
import { startServices, type RunningServices } from './running-services';

// Issue 4: the simulator's WMS publishes stock counts and movements, inventory applies them and
// publishes availability — and Jaeger shows that flow as one trace across both processes.
const updates = eventDescriptor('InventoryUpdated').topic;
const availability = eventDescriptor('InventoryAvailabilityChanged').topic;

describe('a WMS stock update flowing to the storefront', () => {
  let services: RunningServices;
  const since = new Date();

  beforeAll(async () => {
    services = await startServices(['inventory', 'simulator'], { SIMULATOR_ORDER_RATE: '0' }, { freshState: true });
  });

  afterAll(async () => {
    await services?.stop();
  });

  it('is one trace: simulator send → inventory process → availability send', async () => {
    const span = (trace: JaegerTrace, service: string, operation: string, parent?: TraceSpan) =>
      trace.spans.find((s) => s.serviceName === service && s.operationName === operation && (parent === undefined || s.parentSpanId === parent.spanId));
    const chain = (trace: JaegerTrace) => {
      const sent = span(trace, 'simulator', `send ${updates}`);
      const processed = sent && span(trace, 'inventory', `process ${updates}`, sent);
      const published = processed && span(trace, 'inventory', `send ${availability}`, processed);
      return published ? { sent, processed, published } : undefined;
    };

    const trace = await waitForMatchingTrace(
      { service: 'inventory', operation: `send ${availability}`, since },
      (candidate) => chain(candidate) !== undefined,
      { timeoutMs: 90_000 },
    );

    const { sent, processed, published } = chain(trace)!;
    expect(new Set(trace.spans.map((s) => s.serviceName))).toEqual(new Set(['simulator', 'inventory']));
    expect(processed.parentSpanId).toBe(sent.spanId);
    expect(published.parentSpanId).toBe(processed.spanId);
  });
});
