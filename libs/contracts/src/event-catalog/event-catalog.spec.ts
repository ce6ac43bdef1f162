import { CloudEventTypes, EventCatalog, EventNames, Subjects, Topics } from '../generated';
import { anInventoryUpdated, anOrderAccepted, aReconciliationVarianceDetected } from '../testing/event-builders';
import { eventKey, eventNameForTopic } from './event-catalog';

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

describe('the event catalog', () => {
  it.each(EventNames)('names the topic of %s <domain>.<event-kebab>.v<major>', (eventName) => {
    const { domain, majorVersion, topic } = EventCatalog[eventName];
    expect(topic).toBe(`${domain}.${kebab(eventName)}.v${majorVersion}`);
    expect(topic).toMatch(/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*\.v[1-9][0-9]*$/);
    expect(Topics[eventName]).toBe(topic);
  });

  it('uses TopicNameStrategy subjects and concord.<domain>.<Event>.v<major> CloudEvents types', () => {
    for (const eventName of EventNames) {
      const contract = EventCatalog[eventName];
      expect(Subjects[eventName]).toBe(`${contract.topic}-value`);
      expect(contract.subject).toBe(`${contract.topic}-value`);
      expect(CloudEventTypes[eventName]).toBe(`concord.${contract.domain}.${eventName}.v${contract.majorVersion}`);
    }
  });

  it('gives every event its own topic', () => {
    expect(new Set(Object.values(Topics)).size).toBe(EventNames.length);
  });

  it('requires FULL_TRANSITIVE where external systems produce or consume, BACKWARD_TRANSITIVE inside Concord', () => {
    for (const contract of Object.values(EventCatalog)) {
      expect(contract.compatibility).toBe(contract.direction === 'internal' ? 'BACKWARD_TRANSITIVE' : 'FULL_TRANSITIVE');
    }
  });

  it('lists the producing source systems of every ingress event and the producing service of the others', () => {
    for (const contract of Object.values(EventCatalog)) {
      if (contract.direction === 'ingress') {
        expect(contract.sourceSystems.length).toBeGreaterThan(0);
        expect(contract.producedBy).toBeNull();
      } else {
        expect(contract.sourceSystems).toEqual([]);
        expect(contract.producedBy).toBe(contract.domain);
      }
    }
  });

  it('contains at least the events of the specification', () => {
    const specified = [
      'InventoryUpdated', 'OrderPlaced', 'OrderCancelled', 'OrderPostedToErp', 'OrderShipped', 'OrderReturned', 'PriceUpdated',
      'QuoteRequested', 'CustomerUpserted', 'ProductUpserted', 'ProductEnriched', 'InventoryAvailabilityChanged', 'StockReserved',
      'StockReservationRejected', 'StockReleased', 'CycleCountRequested', 'InventorySnapshotRequested', 'OrderAccepted',
      'OrderRejected', 'OrderHeld', 'PriceChanged', 'PriceChangeRejected', 'PriceChangePendingApproval', 'QuotePriced',
      'CustomerChanged', 'CustomerSyncRequested', 'ProductChanged', 'ReconciliationVarianceDetected',
    ];
    expect(EventNames).toEqual(expect.arrayContaining(specified));
  });
});

describe('eventKey', () => {
  it('is the value of the catalog key field: sku for inventory, order id for orders', () => {
    expect(eventKey('InventoryUpdated', anInventoryUpdated({ sku: 'SKU-7' }))).toBe('SKU-7');
    const accepted = anOrderAccepted();
    expect(eventKey('OrderAccepted', accepted)).toBe(accepted.orderId);
    expect(eventKey('ReconciliationVarianceDetected', aReconciliationVarianceDetected({ subjectId: 'SKU-9' }))).toBe('SKU-9');
  });

  it('refuses an empty key', () => {
    expect(() => eventKey('InventoryUpdated', anInventoryUpdated({ sku: '' }))).toThrow('InventoryUpdated: key field sku must be a non-empty string');
  });
});

describe('eventNameForTopic', () => {
  it('finds the event a topic carries', () => {
    expect(eventNameForTopic('orders.order-placed.v1')).toBe('OrderPlaced');
  });

  it('answers undefined for topics outside the catalog, such as dead-letter topics', () => {
    expect(eventNameForTopic('orders.order-placed.v1.orders.dlt')).toBeUndefined();
    expect(eventNameForTopic('toString')).toBeUndefined();
  });
});
