import { InventoryRouting } from './inventory-routing';

const routing = new InventoryRouting(
  [
    { id: 'DC-WEST', region: 'US-WEST', priority: 3 },
    { id: 'DC-EAST', region: 'US-EAST', priority: 1 },
    { id: 'DC-EAST-2', region: 'US-EAST', priority: 4 },
    { id: 'DC-CENTRAL', region: 'US-CENTRAL', priority: 2 },
  ],
  false,
);

const ids = (locations: readonly { id: string }[]) => locations.map((location) => location.id);

describe('locationsInRoutingOrder', () => {
  describe('when the shipment has a region', () => {
    it('tries that region first, then the rest, each by priority', () => {
      expect(ids(routing.locationsInRoutingOrder('US-WEST'))).toEqual(['DC-WEST', 'DC-EAST', 'DC-CENTRAL', 'DC-EAST-2']);
      expect(ids(routing.locationsInRoutingOrder('US-EAST'))).toEqual(['DC-EAST', 'DC-EAST-2', 'DC-CENTRAL', 'DC-WEST']);
    });
  });

  describe('when the shipment has no region', () => {
    it('goes by priority alone', () => {
      expect(ids(routing.locationsInRoutingOrder())).toEqual(['DC-EAST', 'DC-CENTRAL', 'DC-WEST', 'DC-EAST-2']);
    });
  });

  it('says whether split shipments are allowed', () => {
    expect(routing.allowSplitShipments).toBe(false);
  });
});
