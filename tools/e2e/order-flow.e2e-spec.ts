import { eventDescriptor } from '@concord/messaging';
import { waitForMatchingTrace, type JaegerTrace, type TraceSpan } from '@concord/testing';
import { startServices, type RunningServices } from './running-services';

// Issue 5: the simulated storefront places an order; orders validates it and asks inventory for
// stock; inventory reserves it; orders accepts it; the simulated ERP posts it and orders records
// that — and Jaeger shows the whole way as one trace across the three processes.
const topic = (name: Parameters<typeof eventDescriptor>[0]) => eventDescriptor(name).topic;

/** The spans of one order's way, each the child of the one before; undefined while incomplete. */
function orderChain(trace: JaegerTrace): TraceSpan[] | undefined {
  const steps: [service: string, operation: string][] = [
    ['simulator', `send ${topic('OrderPlaced')}`],
    ['orders', `process ${topic('OrderPlaced')}`],
    ['orders', `send ${topic('StockReservationRequested')}`],
    ['inventory', `process ${topic('StockReservationRequested')}`],
    ['inventory', `send ${topic('StockReserved')}`],
    ['orders', `process ${topic('StockReserved')}`],
    ['orders', `send ${topic('OrderAccepted')}`],
    ['simulator', `process ${topic('OrderAccepted')}`],
    ['simulator', `send ${topic('OrderPostedToErp')}`],
    ['orders', `process ${topic('OrderPostedToErp')}`],
  ];
  const chain: TraceSpan[] = [];
  for (const [service, operation] of steps) {
    const parent = chain.at(-1);
    const span = trace.spans.find((s) => s.serviceName === service && s.operationName === operation && (parent === undefined || s.parentSpanId === parent.spanId));
    if (span === undefined) return undefined;
    chain.push(span);
  }
  return chain;
}

describe('an order from the storefront to the ERP', () => {
  const running: RunningServices[] = [];
  const since = new Date();

  beforeAll(async () => {
    // The consumers first: their new groups start at the end of the topics, so they must have
    // joined before the simulator publishes its reference data (products, prices, customers).
    running.push(await startServices(['inventory', 'customers', 'orders'], {}, { freshState: true }));
    running.push(
      await startServices(
        ['simulator'],
        { SIMULATOR_ORDER_RATE: '2', SIMULATOR_ORDER_BAD_SHARE: '0', SIMULATOR_CANCEL_SHARE: '0', SIMULATOR_ERP_ORDER_DELAY_MS: '100-300', SIMULATOR_ERP_UNANSWERED_SHARE: '0' },
        { freshState: true },
      ),
    );
  });

  afterAll(async () => {
    for (const services of running.reverse()) await services.stop();
  });

  it('is one trace: placed → validated → reserved in inventory → accepted → posted by the ERP', async () => {
    const trace = await waitForMatchingTrace(
      { service: 'orders', operation: `process ${topic('OrderPostedToErp')}`, since },
      (candidate) => orderChain(candidate) !== undefined,
      { timeoutMs: 120_000 },
    );

    const chain = orderChain(trace)!;
    expect(chain.map((span) => span.serviceName)).toEqual(['simulator', 'orders', 'orders', 'inventory', 'inventory', 'orders', 'orders', 'simulator', 'simulator', 'orders']);
    expect(chain[0].parentSpanId).toBeUndefined();
    for (let i = 1; i < chain.length; i++) expect(chain[i].parentSpanId).toBe(chain[i - 1].spanId);
  });
});
