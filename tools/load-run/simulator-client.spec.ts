import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorClient } from './simulator-client';

/** A stand-in simulator HTTP API answering every request with `body` (status 200 unless said). */
async function serve(body: unknown, status = 200): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const statusBefore = {
  inventory: { ratePerSecond: 1500, skus: 10, firstSku: 'LR-00001', locations: ['DC-EAST'], failedSends: 0 },
  referenceData: { products: 10, inactiveSkus: 1, sellableSkus: 9, specialPrices: 0, knownCustomers: 5, published: 0, sent: { catalogStandIn: {}, pricingStandIn: {} } },
  orders: { ratePerSecond: 0, badKinds: ['unknown-sku'], externalOrderIdPrefix: 'WEB-X-', started: false, sent: { valid: 0, total: 0 }, cancellations: { sent: { total: 0 }, pending: 0 }, burst: null },
  erp: { acceptedOrders: { scheduled: 0, unanswered: 0, ignored: 0 }, pending: { 'order-posted': 0, 'customer-upserted': 0 } },
  wms: { pending: { 'order-shipped': 0 } },
};

describe('the simulator client', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('reads a status from before the reference data went out: no kind sent yet counts 0', async () => {
    const { url, server } = await serve(statusBefore);
    servers.push(server);
    const status = await new SimulatorClient(url).status();
    expect(status.referenceData.sent).toEqual({ catalogStandIn: { 'product-changed': 0 }, pricingStandIn: { 'price-changed': 0 } });
  });

  it('names the fields of an answer it cannot rely on', async () => {
    const { url, server } = await serve({ ...statusBefore, orders: { ...statusBefore.orders, sent: { valid: 1 } } });
    servers.push(server);
    await expect(new SimulatorClient(url).status()).rejects.toThrow('GET /simulator/status: unexpected answer (orders.sent: expected a total)');
  });

  it('shows the status and body of a refused request', async () => {
    const { url, server } = await serve({ message: 'burst 1 is still running; wait for it to finish' }, 409);
    servers.push(server);
    await expect(new SimulatorClient(url).startBurst({ count: 1, rate: 1, badShare: 0, newCustomerShare: 0, cancelShare: 0 })).rejects.toThrow(
      'POST /simulator/orders/burst: HTTP 409: {"message":"burst 1 is still running; wait for it to finish"}',
    );
  });
});
