import {
  aCustomerChanged,
  anOrderCancelled,
  anOrderPostedToErp,
  anOrderReturned,
  anOrderShipped,
  aPlacedOrderLine,
  aPriceChanged,
  aProductChanged,
  aStockReservationRejected,
  aStockReserved,
} from '@concord/contracts';
import { anOrderPlacedEvent, money } from './__fixtures__/order-fixtures';
import {
  validateCustomerChanged,
  validateOrderCancelled,
  validateOrderPlaced,
  validateOrderPostedToErp,
  validateOrderReturned,
  validateOrderShipped,
  validatePriceChanged,
  validateProductChanged,
  validateStockReservationRejected,
  validateStockReserved,
} from './incoming-records';

const codes = (issues: Array<{ code: string; field: string | null }>) => issues.map((issue) => `${issue.code} ${issue.field}`);

describe('records that can never take effect (quarantined at once)', () => {
  describe('OrderPlaced', () => {
    it('passes an order with business problems on to validation, where they become events', () => {
      const order = anOrderPlacedEvent({ requestedDeliveryDate: null, lines: [aPlacedOrderLine({ sku: 'SKU-404', quantity: 0 })] });
      expect(validateOrderPlaced(order)).toEqual([]);
    });

    it('names a foreign source, a missing external id, a bad currency, repeated or invalid line numbers and negative shown prices', () => {
      const order = anOrderPlacedEvent({
        sourceSystem: 'ERP',
        externalOrderId: ' ',
        currency: 'eur',
        lines: [
          aPlacedOrderLine({ lineNumber: 1 }),
          aPlacedOrderLine({ lineNumber: 1 }),
          aPlacedOrderLine({ lineNumber: 0, shownUnitPrice: money('-1') }),
        ],
      });
      expect(codes(validateOrderPlaced(order))).toEqual([
        'ORDERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem',
        'ORDERS.MISSING_EXTERNAL_ORDER_ID externalOrderId',
        'ORDERS.INVALID_CURRENCY currency',
        'ORDERS.DUPLICATE_LINE_NUMBER lines[1].lineNumber',
        'ORDERS.INVALID_LINE_NUMBER lines[2].lineNumber',
        'ORDERS.NEGATIVE_SHOWN_PRICE lines[2].shownUnitPrice',
      ]);
    });
  });

  it('checks the source and the ids of cancellations and postings', () => {
    expect(validateOrderCancelled(anOrderCancelled())).toEqual([]);
    expect(codes(validateOrderCancelled(anOrderCancelled({ sourceSystem: 'WMS', externalOrderId: '' })))).toEqual([
      'ORDERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem',
      'ORDERS.MISSING_EXTERNAL_ORDER_ID externalOrderId',
    ]);
    expect(validateOrderPostedToErp(anOrderPostedToErp())).toEqual([]);
    expect(codes(validateOrderPostedToErp(anOrderPostedToErp({ sourceSystem: 'CRM', erpOrderNumber: '' })))).toEqual([
      'ORDERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem',
      'ORDERS.MISSING_ERP_ORDER_NUMBER erpOrderNumber',
    ]);
  });

  it('checks shipments and returns from the WMS', () => {
    expect(validateOrderShipped(anOrderShipped())).toEqual([]);
    expect(validateOrderReturned(anOrderReturned())).toEqual([]);
    expect(codes(validateOrderShipped(anOrderShipped({ shipmentId: '', lines: [{ lineNumber: 1, sku: '', quantity: 0 }] })))).toEqual([
      'ORDERS.MISSING_MOVEMENT_ID shipmentId',
      'ORDERS.MISSING_SKU lines[0].sku',
      'ORDERS.INVALID_QUANTITY lines[0].quantity',
    ]);
    expect(codes(validateOrderReturned(anOrderReturned({ sourceSystem: 'ERP', lines: [] })))).toEqual(['ORDERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem', 'ORDERS.EMPTY_MOVEMENT lines']);
  });

  it('checks that a reservation adds up per line', () => {
    expect(validateStockReserved(aStockReserved())).toEqual([]);
    const reserved = aStockReserved({
      lines: [{ lineNumber: 1, sku: 'SKU-1', requestedQuantity: 4, reservedQuantity: 4, backorderedQuantity: 0, allocations: [{ locationId: 'DC-EAST', quantity: 3 }] }],
    });
    expect(codes(validateStockReserved(reserved))).toEqual(['ORDERS.RESERVATION_MISMATCH lines[0]']);
  });

  it('checks that a refused reservation’s short lines are short', () => {
    expect(validateStockReservationRejected(aStockReservationRejected())).toEqual([]);
    const rejection = aStockReservationRejected({ shortfalls: [{ lineNumber: 1, sku: 'SKU-1', requestedQuantity: 4, availableQuantity: 4 }] });
    expect(codes(validateStockReservationRejected(rejection))).toEqual(['ORDERS.RESERVATION_MISMATCH shortfalls[0]']);
  });

  it('checks what the read models need of products, customers and prices', () => {
    expect(validateProductChanged(aProductChanged())).toEqual([]);
    expect(codes(validateProductChanged(aProductChanged({ sku: '', version: -1 })))).toEqual(['ORDERS.MISSING_SKU sku', 'ORDERS.INVALID_VERSION version']);
    expect(validateCustomerChanged(aCustomerChanged())).toEqual([]);
    expect(codes(validateCustomerChanged(aCustomerChanged({ crossReferences: [{ sourceSystem: 'ERP', externalId: ' ' }] })))).toEqual([
      'ORDERS.MISSING_CROSS_REFERENCE crossReferences[0].externalId',
    ]);
    expect(validatePriceChanged(aPriceChanged())).toEqual([]);
    const bad = aPriceChanged({
      currency: 'Euro',
      amount: money('0'),
      validFrom: new Date('2026-02-01'),
      validTo: new Date('2026-01-01'),
      scope: { channel: null, region: null, customerId: null, minQuantity: 0 },
    });
    expect(codes(validatePriceChanged(bad))).toEqual([
      'ORDERS.INVALID_CURRENCY currency',
      'ORDERS.INVALID_PRICE amount',
      'ORDERS.INVALID_VALIDITY validTo',
      'ORDERS.INVALID_MIN_QUANTITY scope.minQuantity',
    ]);
  });
});
