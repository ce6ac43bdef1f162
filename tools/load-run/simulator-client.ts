import { z } from 'zod';

/** Orders sent per kind (`valid`, `unknown-sku`, …) plus `total`, as the simulator counts them. */
const kindCounts = z.record(z.string(), z.number().int().min(0)).refine((counts) => typeof counts.total === 'number', 'expected a total');
export type KindCounts = z.infer<typeof kindCounts>;

const burstSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'stopped']),
  requested: z.number(),
  ratePerSecond: z.number(),
  mix: z.object({ badShare: z.number(), newCustomerShare: z.number(), cancelShare: z.number() }),
  sent: kindCounts,
  cancellationsScheduled: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BurstStatus = z.infer<typeof burstSchema>;

/** The part of `GET /simulator/status` the load run reads (the simulator sends more). */
const statusSchema = z.object({
  inventory: z.object({ ratePerSecond: z.number(), skus: z.number(), firstSku: z.string(), locations: z.array(z.string()), failedSends: z.number() }),
  referenceData: z.object({
    products: z.number(),
    inactiveSkus: z.number(),
    sellableSkus: z.number(),
    specialPrices: z.number(),
    knownCustomers: z.number(),
    published: z.number(),
    // Per kind; a kind appears once its first record went out.
    sent: z.object({ catalogStandIn: z.object({ 'product-changed': z.number().default(0) }), pricingStandIn: z.object({ 'price-changed': z.number().default(0) }) }),
  }),
  orders: z.object({
    ratePerSecond: z.number(),
    badKinds: z.array(z.string()),
    externalOrderIdPrefix: z.string(),
    started: z.boolean(),
    sent: kindCounts,
    cancellations: z.object({ sent: kindCounts, pending: z.number() }),
    burst: burstSchema.nullable(),
  }),
  erp: z.object({
    acceptedOrders: z.object({ scheduled: z.number(), unanswered: z.number(), ignored: z.number() }),
    pending: z.object({ 'order-posted': z.number(), 'customer-upserted': z.number() }),
  }),
  wms: z.object({ pending: z.object({ 'order-shipped': z.number() }) }),
});
export type SimulatorStatus = z.infer<typeof statusSchema>;

/** What the load run asks of the simulator's HTTP API; every answer is checked against the shape it relies on. */
export class SimulatorClient {
  constructor(private readonly baseUrl: string) {}

  status(): Promise<SimulatorStatus> {
    return this.call('GET', '/simulator/status', undefined, statusSchema);
  }

  /** Changes the WMS feed's rate (records per second, 0 pauses it). */
  async setInventoryRate(eventsPerSecond: number): Promise<void> {
    await this.call('POST', '/simulator/inventory/rate', { eventsPerSecond }, z.unknown());
  }

  startBurst(request: { count: number; rate: number; badShare: number; newCustomerShare: number; cancelShare: number }): Promise<BurstStatus> {
    return this.call('POST', '/simulator/orders/burst', request, burstSchema);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}: ${text.slice(0, 500)}`);
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`${method} ${path}: unexpected answer (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`);
    }
    return parsed.data;
  }
}
