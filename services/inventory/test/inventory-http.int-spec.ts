import { anInventoryUpdated, type InventoryUpdated } from '@concord/contracts';
import { uniqueName } from '@concord/testing';
import { startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

function snapshot(sku: string, locationId: string, quantity: number, overrides: Partial<InventoryUpdated> = {}): InventoryUpdated {
  return anInventoryUpdated({ sku, locationId, kind: 'SNAPSHOT', adjustmentReason: null, quantity, sourceSequence: 1, occurredAt: new Date(), reference: null, ...overrides });
}

describe('the inventory HTTP API', () => {
  let stack: InventoryTestStack;
  const confirmedSku = uniqueName('SKU');
  const neverConfirmedSku = uniqueName('SKU');

  beforeAll(async () => {
    stack = await startInventoryTestStack();
    await stack.startInstance();
    await stack.send('InventoryUpdated', [snapshot(confirmedSku, 'DC-WEST', 7), snapshot(confirmedSku, 'DC-EAST', 12)], { source: '/test/wms' });
    await stack.send('InventoryUpdated', [snapshot(neverConfirmedSku, 'DC-EAST', 5, { sourceSystem: 'ERP' })], { source: '/test/erp' });
    await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === confirmedSku && event.totalOnHand === 19);
    await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === neverConfirmedSku);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(await stack.url(path));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const putTier = async (sku: string, body: unknown) => {
    const response = await fetch(await stack.url(`/inventory/skus/${encodeURIComponent(sku)}/velocity-tier`), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  describe('GET /inventory/stock/:sku', () => {
    it("answers the SKU's stock per location with its freshness and velocity tier", async () => {
      const { status, body } = await get(`/inventory/stock/${confirmedSku}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        sku: confirmedSku,
        status: 'CONFIRMED',
        unconfirmedReason: null,
        velocityTier: 'SLOW',
        velocityTierSource: 'order-rate',
        freshnessLimitSeconds: 86_400,
        sourceOfTruth: 'WMS',
        totalOnHand: 19,
        totalReserved: 0,
        totalAvailable: 19,
      });
      expect(body.locations).toEqual([
        { locationId: 'DC-EAST', onHand: 12, reserved: 0, available: 12, freshness: 'CONFIRMED', lastConfirmedAt: expect.any(String), lastSourceSequence: 1 },
        { locationId: 'DC-WEST', onHand: 7, reserved: 0, available: 7, freshness: 'CONFIRMED', lastConfirmedAt: expect.any(String), lastSourceSequence: 1 },
      ]);
    });

    it('answers 404 for a SKU inventory has never heard of', async () => {
      const { status, body } = await get(`/inventory/stock/${uniqueName('SKU')}`);
      expect(status).toBe(404);
      expect(body.message).toMatch(/no record of SKU/);
    });

    it('answers 400 naming the sku when it is not a SKU', async () => {
      const { status, body } = await get(`/inventory/stock/${encodeURIComponent('SKU 1')}`);
      expect(status).toBe(400);
      expect(body.message).toBe('sku: expected a SKU without whitespace or "/"');
      expect(body.issues).toEqual([{ field: 'sku', message: 'expected a SKU without whitespace or "/"' }]);
    });
  });

  describe('GET /inventory/stock?status=stale', () => {
    it('lists the SKUs that are UNCONFIRMED now, and not the confirmed ones', async () => {
      const { status, body } = await get('/inventory/stock?status=stale&limit=1000');
      expect(status).toBe(200);
      const skus = body.skus as Array<{ sku: string; status: string; unconfirmedReason: string }>;
      expect(body.count).toBe(skus.length);
      expect(skus).toContainEqual(expect.objectContaining({ sku: neverConfirmedSku, status: 'UNCONFIRMED', unconfirmedReason: 'NO_DATA' }));
      expect(skus.map((stock) => stock.sku)).not.toContain(confirmedSku);
    });

    it.each([
      ['/inventory/stock?status=old', 'status'],
      ['/inventory/stock', 'status'],
      ['/inventory/stock?status=stale&limit=0', 'limit'],
      ['/inventory/stock?status=stale&limit=many', 'limit'],
      ['/inventory/stock?status=stale&colour=red', 'colour'],
    ])('answers 400 naming the field for %s', async (path, field) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body.message).toMatch(new RegExp(`^${field}: `));
    });
  });

  describe('PUT /inventory/skus/:sku/velocity-tier', () => {
    it('sets and clears the override', async () => {
      const set = await putTier(confirmedSku, { tier: 'MEDIUM' });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ sku: confirmedSku, velocityTier: 'MEDIUM', velocityTierSource: 'override', freshnessLimitSeconds: 3600, status: 'CONFIRMED' });
      expect((await get(`/inventory/stock/${confirmedSku}`)).body).toMatchObject({ velocityTier: 'MEDIUM', velocityTierSource: 'override' });
      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === confirmedSku && event.velocityTier === 'MEDIUM');
      expect(published[0].payload).toMatchObject({ status: 'CONFIRMED', totalAvailable: 19 });

      const cleared = await putTier(confirmedSku, { tier: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ velocityTier: 'SLOW', velocityTierSource: 'order-rate' });
    });

    it.each([[{ tier: 'FAST' }], [{}], [{ tier: 'HIGH', until: 'tomorrow' }]])('answers 400 naming the field for %j', async (body) => {
      const response = await putTier(confirmedSku, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^(tier|until): /);
    });

    it('answers 404 for a SKU inventory has never heard of', async () => {
      expect((await putTier(uniqueName('SKU'), { tier: 'HIGH' })).status).toBe(404);
    });
  });

  describe('the OpenAPI document', () => {
    it('is served at /docs and describes every endpoint', async () => {
      const page = await fetch(await stack.url('/docs'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui');
      const document = (await (await fetch(await stack.url('/docs-json'))).json()) as { paths: Record<string, object> };
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/inventory/stock/{sku}', '/inventory/stock', '/inventory/skus/{sku}/velocity-tier']));
    });
  });
});
