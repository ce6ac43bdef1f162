// Builders of valid example payloads for every event, for tests: `anInventoryUpdated({ sku: 'SKU-1' })`.
// Defaults are realistic and pass the schemas; overrides replace top-level fields (shallow).
// Concord-generated ids are fresh UUIDs and external ids are numbered, so two builds never collide;
// times are fixed (2025-06-02 UTC) unless overridden.
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type {
  AcceptedOrderLine,
  Contact,
  CustomerChanged,
  CustomerCreationRequested,
  CustomerSyncRequested,
  CustomerUpserted,
  CycleCountRequested,
  EventName,
  EventPayloads,
  InventoryAvailabilityChanged,
  InventorySnapshotRequested,
  InventoryUpdated,
  NewCustomerDetails,
  OrderAccepted,
  OrderCancellationRequested,
  OrderCancelled,
  OrderHeld,
  OrderPlaced,
  OrderPostedToErp,
  OrderRejected,
  OrderReturned,
  OrderShipped,
  PlacedOrderLine,
  PostalAddress,
  PriceChanged,
  PriceChangePendingApproval,
  PriceChangeRejected,
  PriceUpdated,
  PricedQuoteLine,
  ProductChanged,
  ProductEnriched,
  ProductUpserted,
  QuotePriced,
  QuoteRequested,
  ReconciliationVarianceDetected,
  StockReleased,
  StockReleaseRequested,
  StockReservationRejected,
  StockReservationRequested,
  StockReserved,
  ValidationIssue,
} from '../generated';

/** The instant builders use for every timestamp unless overridden. */
export const BUILDER_TIME = '2025-06-02T08:30:00.000Z';
const at = (offsetMinutes = 0) => new Date(Date.parse(BUILDER_TIME) + offsetMinutes * 60_000);
const money = (amount: string) => new Decimal(amount);
let sequence = 0;
const next = () => ++sequence;
const CHARTER_VERSION = '2025.06.1';

export function aPostalAddress(overrides: Partial<PostalAddress> = {}): PostalAddress {
  return { line1: 'Industriestrasse 12', line2: null, city: 'Stuttgart', region: 'BW', postalCode: '70565', countryCode: 'DE', ...overrides };
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return { name: 'Jana Keller', email: 'jana.keller@example.com', phone: '+4971112345678', role: 'purchasing', primary: true, ...overrides };
}

export function aNewCustomerDetails(overrides: Partial<NewCustomerDetails> = {}): NewCustomerDetails {
  return {
    name: 'Keller Maschinenbau GmbH',
    email: 'orders@keller-maschinenbau.example',
    phone: null,
    taxId: 'DE123456789',
    billingAddress: aPostalAddress(),
    ...overrides,
  };
}

export function aValidationIssue(overrides: Partial<ValidationIssue> = {}): ValidationIssue {
  return { code: 'ORDERS.UNKNOWN_SKU', message: 'SKU SKU-404 does not exist', field: 'lines[0].sku', lineNumber: 1, ...overrides };
}

export function aPlacedOrderLine(overrides: Partial<PlacedOrderLine> = {}): PlacedOrderLine {
  return { lineNumber: 1, sku: 'SKU-1000', quantity: 4, shownUnitPrice: money('19.9900'), ...overrides };
}

export function anAcceptedOrderLine(overrides: Partial<AcceptedOrderLine> = {}): AcceptedOrderLine {
  const line = {
    lineNumber: 1,
    sku: 'SKU-1000',
    quantity: 4,
    backorderedQuantity: 0,
    unitPrice: money('19.9900'),
    shownUnitPrice: money('19.9900'),
    appliedPriceType: 'LIST' as const,
    allocations: [{ locationId: 'WH-STUTTGART', quantity: overrides.quantity ?? 4 }],
    ...overrides,
  };
  return { ...line, lineAmount: overrides.lineAmount ?? line.unitPrice.times(line.quantity) };
}

export function aPricedQuoteLine(overrides: Partial<PricedQuoteLine> = {}): PricedQuoteLine {
  const line = { lineNumber: 1, sku: 'SKU-1000', quantity: 50, status: 'PRICED' as const, unitPrice: money('17.5000'), appliedPriceType: 'VOLUME_TIER' as const, ...overrides };
  return { ...line, lineAmount: overrides.lineAmount !== undefined ? overrides.lineAmount : line.unitPrice ? line.unitPrice.times(line.quantity) : null };
}

const sum = (amounts: Array<Decimal | null>) => amounts.reduce<Decimal>((total, amount) => (amount ? total.plus(amount) : total), money('0'));

// ---- ingress

export function anInventoryUpdated(overrides: Partial<InventoryUpdated> = {}): InventoryUpdated {
  return {
    sourceSystem: 'WMS',
    sku: 'SKU-1000',
    locationId: 'WH-STUTTGART',
    kind: 'SNAPSHOT',
    adjustmentReason: null,
    quantity: 120,
    sourceSequence: next(),
    occurredAt: at(),
    reference: null,
    ...overrides,
  };
}

export function anOrderPlaced(overrides: Partial<OrderPlaced> = {}): OrderPlaced {
  return {
    sourceSystem: 'ECOMMERCE',
    externalOrderId: `WEB-${100000 + next()}`,
    channel: 'webshop',
    customer: { externalCustomerId: 'WEB-CUST-123', newCustomer: null },
    lines: [aPlacedOrderLine()],
    currency: 'EUR',
    requestedDeliveryDate: '2025-06-10',
    shipTo: aPostalAddress(),
    purchaseOrderNumber: null,
    placedAt: at(),
    ...overrides,
  };
}

export function anOrderCancelled(overrides: Partial<OrderCancelled> = {}): OrderCancelled {
  return { sourceSystem: 'ECOMMERCE', externalOrderId: `WEB-${100000 + next()}`, reason: 'customer changed their mind', cancelledAt: at(30), ...overrides };
}

export function anOrderPostedToErp(overrides: Partial<OrderPostedToErp> = {}): OrderPostedToErp {
  return { sourceSystem: 'ERP', orderId: randomUUID(), erpOrderNumber: `SO-${500000 + next()}`, postedAt: at(5), ...overrides };
}

export function anOrderShipped(overrides: Partial<OrderShipped> = {}): OrderShipped {
  return {
    sourceSystem: 'WMS',
    orderId: randomUUID(),
    shipmentId: `SHP-${next()}`,
    locationId: 'WH-STUTTGART',
    lines: [{ lineNumber: 1, sku: 'SKU-1000', quantity: 4 }],
    carrier: 'DHL',
    trackingNumber: '00340434161234567890',
    shippedAt: at(24 * 60),
    ...overrides,
  };
}

export function anOrderReturned(overrides: Partial<OrderReturned> = {}): OrderReturned {
  return {
    sourceSystem: 'WMS',
    orderId: randomUUID(),
    returnId: `RMA-${next()}`,
    locationId: 'WH-STUTTGART',
    lines: [{ lineNumber: 1, sku: 'SKU-1000', quantity: 1, condition: 'RESELLABLE' }],
    reason: 'wrong size',
    returnedAt: at(7 * 24 * 60),
    ...overrides,
  };
}

export function aPriceUpdated(overrides: Partial<PriceUpdated> = {}): PriceUpdated {
  return {
    sourceSystem: 'ERP',
    sku: 'SKU-1000',
    priceType: 'LIST',
    amount: money('19.9900'),
    currency: 'EUR',
    scope: { channel: null, region: null, customerExternalId: null, minQuantity: null },
    validFrom: null,
    validTo: null,
    changedBy: 'erp.pricing.batch',
    changedAt: at(),
    ...overrides,
  };
}

export function aQuoteRequested(overrides: Partial<QuoteRequested> = {}): QuoteRequested {
  return {
    sourceSystem: 'CRM',
    quoteId: `Q-${next()}`,
    customerExternalId: 'CRM-ACC-42',
    channel: 'b2b-portal',
    region: 'EU-CENTRAL',
    currency: 'EUR',
    pricingDate: '2025-06-02',
    lines: [{ lineNumber: 1, sku: 'SKU-1000', quantity: 50 }],
    requestedAt: at(),
    ...overrides,
  };
}

export function aCustomerUpserted(overrides: Partial<CustomerUpserted> = {}): CustomerUpserted {
  return {
    sourceSystem: 'CRM',
    externalId: `CRM-ACC-${next()}`,
    customerId: null,
    syncRequestId: null,
    name: 'Keller Maschinenbau GmbH',
    contacts: [aContact()],
    billingAddress: aPostalAddress(),
    taxId: 'DE123456789',
    creditLimitAmount: null,
    openReceivablesAmount: null,
    currency: null,
    paymentTerms: null,
    parentExternalId: null,
    accountStatus: 'ACTIVE',
    updatedAt: at(),
    ...overrides,
  };
}

export function aProductUpserted(overrides: Partial<ProductUpserted> = {}): ProductUpserted {
  return {
    sourceSystem: 'ERP',
    sku: 'SKU-1000',
    status: 'ACTIVE',
    name: 'Hex bolt M8 x 40, zinc plated (box of 100)',
    category: 'FASTENERS',
    unitOfMeasure: 'BOX',
    costAmount: money('8.4200'),
    currency: 'EUR',
    supplierId: 'SUP-0042',
    glAccount: '4000-100',
    updatedAt: at(),
    ...overrides,
  };
}

export function aProductEnriched(overrides: Partial<ProductEnriched> = {}): ProductEnriched {
  return {
    sourceSystem: 'PIM',
    sku: 'SKU-1000',
    title: 'Hex bolts M8 x 40 mm, zinc plated — 100 pieces',
    description: 'DIN 933 hex bolts, strength class 8.8, for general engineering.',
    category: 'fasteners/bolts',
    images: [{ url: 'https://cdn.example.com/sku-1000/main.jpg', altText: 'Box of hex bolts', position: 1 }],
    channelAttributes: [{ channel: 'webshop', attributes: { badge: 'bestseller', searchKeywords: 'bolt screw m8' } }],
    costAmount: null,
    currency: null,
    updatedAt: at(),
    ...overrides,
  };
}

// ---- egress and internal: inventory

export function anInventoryAvailabilityChanged(overrides: Partial<InventoryAvailabilityChanged> = {}): InventoryAvailabilityChanged {
  return {
    sku: 'SKU-1000',
    status: 'CONFIRMED',
    unconfirmedReason: null,
    totalOnHand: 120,
    totalReserved: 20,
    totalAvailable: 100,
    locations: [{ locationId: 'WH-STUTTGART', onHand: 120, reserved: 20, available: 100 }],
    velocityTier: 'HIGH',
    sourceOfTruth: 'WMS',
    lastConfirmedAt: at(),
    sequence: next(),
    calculatedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aStockReserved(overrides: Partial<StockReserved> = {}): StockReserved {
  return {
    orderId: randomUUID(),
    reservationId: randomUUID(),
    lines: [
      {
        lineNumber: 1,
        sku: 'SKU-1000',
        requestedQuantity: 4,
        reservedQuantity: 4,
        backorderedQuantity: 0,
        allocations: [{ locationId: 'WH-STUTTGART', quantity: 4 }],
      },
    ],
    reservedAt: at(1),
    ...overrides,
  };
}

export function aStockReservationRejected(overrides: Partial<StockReservationRejected> = {}): StockReservationRejected {
  return {
    orderId: randomUUID(),
    reason: 'INSUFFICIENT_STOCK',
    shortfalls: [{ lineNumber: 1, sku: 'SKU-1000', requestedQuantity: 4, availableQuantity: 1 }],
    rejectedAt: at(1),
    ...overrides,
  };
}

export function aStockReleased(overrides: Partial<StockReleased> = {}): StockReleased {
  return {
    orderId: randomUUID(),
    reservationId: randomUUID(),
    reason: 'ORDER_CANCELLED',
    lines: [{ sku: 'SKU-1000', locationId: 'WH-STUTTGART', quantity: 4 }],
    releasedAt: at(31),
    ...overrides,
  };
}

export function aCycleCountRequested(overrides: Partial<CycleCountRequested> = {}): CycleCountRequested {
  return {
    requestId: randomUUID(),
    sku: 'SKU-1000',
    locationId: 'WH-STUTTGART',
    targetSystem: 'WMS',
    reason: 'RECONCILIATION_VARIANCE',
    varianceId: randomUUID(),
    perpetualQuantity: 130,
    physicalQuantity: 120,
    dueBy: at(24 * 60),
    requestedAt: at(),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function anInventorySnapshotRequested(overrides: Partial<InventorySnapshotRequested> = {}): InventorySnapshotRequested {
  return {
    requestId: randomUUID(),
    sku: 'SKU-1000',
    locationId: null,
    targetSystem: 'WMS',
    reason: 'STALE',
    lastConfirmedAt: at(-120),
    requestedAt: at(),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

// ---- egress and internal: orders

export function anOrderAccepted(overrides: Partial<OrderAccepted> = {}): OrderAccepted {
  const lines = overrides.lines ?? [anAcceptedOrderLine()];
  return {
    orderId: randomUUID(),
    externalOrderId: `WEB-${100000 + next()}`,
    sourceSystem: 'ECOMMERCE',
    channel: 'webshop',
    customerId: randomUUID(),
    erpCustomerId: 'C123',
    lines,
    currency: 'EUR',
    totalAmount: sum(lines.map((line) => line.lineAmount)),
    requestedDeliveryDate: '2025-06-10',
    shipTo: aPostalAddress(),
    purchaseOrderNumber: null,
    placedAt: at(),
    acceptedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function anOrderRejected(overrides: Partial<OrderRejected> = {}): OrderRejected {
  return {
    orderId: randomUUID(),
    externalOrderId: `WEB-${100000 + next()}`,
    sourceSystem: 'ECOMMERCE',
    channel: 'webshop',
    issues: [aValidationIssue()],
    rejectedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function anOrderHeld(overrides: Partial<OrderHeld> = {}): OrderHeld {
  return {
    orderId: randomUUID(),
    externalOrderId: `WEB-${100000 + next()}`,
    sourceSystem: 'ECOMMERCE',
    channel: 'webshop',
    reason: 'MISSING_DATA',
    issues: [aValidationIssue({ code: 'ORDERS.MISSING_DELIVERY_DATE', message: 'requested delivery date is missing', field: 'requestedDeliveryDate', lineNumber: null })],
    ownerTeam: 'sales-ops',
    reviewDeadline: at(24 * 60),
    heldAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function anOrderCancellationRequested(overrides: Partial<OrderCancellationRequested> = {}): OrderCancellationRequested {
  return {
    orderId: randomUUID(),
    externalOrderId: `WEB-${100000 + next()}`,
    erpOrderNumber: `SO-${500000 + next()}`,
    reason: 'customer changed their mind',
    cancelledAt: at(30),
    requestedAt: at(31),
    ...overrides,
  };
}

export function aStockReservationRequested(overrides: Partial<StockReservationRequested> = {}): StockReservationRequested {
  return {
    orderId: randomUUID(),
    lines: [{ lineNumber: 1, sku: 'SKU-1000', quantity: 4 }],
    shipToCountryCode: 'DE',
    shipToRegion: 'BW',
    allowBackorder: false,
    requestedAt: at(),
    ...overrides,
  };
}

export function aStockReleaseRequested(overrides: Partial<StockReleaseRequested> = {}): StockReleaseRequested {
  return { orderId: randomUUID(), reason: 'ORDER_CANCELLED', requestedAt: at(30), ...overrides };
}

export function aCustomerCreationRequested(overrides: Partial<CustomerCreationRequested> = {}): CustomerCreationRequested {
  return {
    orderId: randomUUID(),
    sourceSystem: 'ECOMMERCE',
    externalCustomerId: `WEB-CUST-${next()}`,
    customer: aNewCustomerDetails(),
    requestedAt: at(),
    ...overrides,
  };
}

// ---- egress: pricing

export function aPriceChanged(overrides: Partial<PriceChanged> = {}): PriceChanged {
  return {
    priceChangeId: randomUUID(),
    sku: 'SKU-1000',
    priceType: 'LIST',
    amount: money('19.9900'),
    previousAmount: money('18.9900'),
    currency: 'EUR',
    scope: { channel: null, region: null, customerId: null, minQuantity: null },
    validFrom: null,
    validTo: null,
    sourceSystem: 'ERP',
    changedBy: 'erp.pricing.batch',
    approvedBy: null,
    belowCost: false,
    changedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aPriceChangeRejected(overrides: Partial<PriceChangeRejected> = {}): PriceChangeRejected {
  return {
    priceChangeId: randomUUID(),
    sku: 'SKU-1000',
    priceType: 'PROMO',
    amount: money('-1.0000'),
    currency: 'EUR',
    scope: { channel: 'webshop', region: null, customerExternalId: null, minQuantity: null },
    sourceSystem: 'PIM',
    changedBy: 'pim.user.anna',
    rejection: 'VALIDATION_FAILED',
    issues: [aValidationIssue({ code: 'PRICING.NON_POSITIVE_AMOUNT', message: 'amount must be positive', field: 'amount', lineNumber: null })],
    rejectedBy: null,
    rejectedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aPriceChangePendingApproval(overrides: Partial<PriceChangePendingApproval> = {}): PriceChangePendingApproval {
  return {
    priceChangeId: randomUUID(),
    sku: 'SKU-1000',
    priceType: 'LIST',
    amount: money('24.9900'),
    currentAmount: money('19.9900'),
    currency: 'EUR',
    changePercent: money('25.0125'),
    thresholdPercent: money('10'),
    scope: { channel: null, region: null, customerId: null, minQuantity: null },
    validFrom: null,
    validTo: null,
    sourceSystem: 'ERP',
    changedBy: 'erp.user.markus',
    approverTeam: 'finance',
    approvalDeadline: at(48 * 60),
    requestedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aQuotePriced(overrides: Partial<QuotePriced> = {}): QuotePriced {
  const lines = overrides.lines ?? [aPricedQuoteLine()];
  return {
    quoteId: `Q-${next()}`,
    customerId: randomUUID(),
    customerExternalId: 'CRM-ACC-42',
    channel: 'b2b-portal',
    region: 'EU-CENTRAL',
    currency: 'EUR',
    pricingDate: '2025-06-02',
    lines,
    totalAmount: sum(lines.map((line) => line.lineAmount)),
    validUntil: at(30 * 24 * 60),
    pricedAt: at(1),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

// ---- egress: customers, catalog, reconciliation

export function aCustomerChanged(overrides: Partial<CustomerChanged> = {}): CustomerChanged {
  return {
    customerId: randomUUID(),
    crossReferences: [
      { sourceSystem: 'CRM', externalId: 'CRM-ACC-42' },
      { sourceSystem: 'ERP', externalId: 'C123' },
    ],
    name: 'Keller Maschinenbau GmbH',
    contacts: [aContact()],
    billingAddress: aPostalAddress(),
    taxId: 'DE123456789',
    creditLimitAmount: money('50000'),
    openReceivablesAmount: money('12500.5000'),
    currency: 'EUR',
    paymentTerms: 'NET30',
    parentCustomerId: null,
    accountStatus: 'ACTIVE',
    fieldSources: [
      { field: 'contacts', sourceSystem: 'CRM', updatedAt: at(-60) },
      { field: 'creditLimitAmount', sourceSystem: 'ERP', updatedAt: at(-30) },
    ],
    version: next(),
    changedAt: at(),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aCustomerSyncRequested(overrides: Partial<CustomerSyncRequested> = {}): CustomerSyncRequested {
  return {
    syncRequestId: randomUUID(),
    customerId: randomUUID(),
    targetSystem: 'ERP',
    reason: 'NEW_CUSTOMER',
    originSystem: 'CRM',
    originExternalId: `CRM-ACC-${next()}`,
    orderId: null,
    name: 'Keller Maschinenbau GmbH',
    contacts: [aContact()],
    billingAddress: aPostalAddress(),
    taxId: 'DE123456789',
    parentTargetId: null,
    requestedAt: at(),
    ...overrides,
  };
}

export function aProductChanged(overrides: Partial<ProductChanged> = {}): ProductChanged {
  return {
    sku: 'SKU-1000',
    status: 'ACTIVE',
    name: 'Hex bolt M8 x 40, zinc plated (box of 100)',
    category: 'FASTENERS',
    unitOfMeasure: 'BOX',
    costAmount: money('8.4200'),
    currency: 'EUR',
    supplierId: 'SUP-0042',
    glAccount: '4000-100',
    title: 'Hex bolts M8 x 40 mm, zinc plated — 100 pieces',
    description: 'DIN 933 hex bolts, strength class 8.8, for general engineering.',
    images: [{ url: 'https://cdn.example.com/sku-1000/main.jpg', altText: 'Box of hex bolts', position: 1 }],
    channelAttributes: [{ channel: 'webshop', attributes: { badge: 'bestseller' } }],
    completeness: { erpComplete: true, missingErpFields: [], pimComplete: true, missingPimFields: [], publishableChannels: ['webshop'] },
    version: next(),
    changedAt: at(),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

export function aReconciliationVarianceDetected(overrides: Partial<ReconciliationVarianceDetected> = {}): ReconciliationVarianceDetected {
  return {
    varianceId: randomUUID(),
    runId: randomUUID(),
    check: 'INVENTORY_PERPETUAL_VS_PHYSICAL',
    kind: 'VALUE_MISMATCH',
    subjectType: 'SKU',
    subjectId: 'SKU-1000',
    locationId: 'WH-STUTTGART',
    referenceSystem: 'ERP',
    referenceValue: money('130'),
    comparedSystem: 'WMS',
    comparedValue: money('120'),
    currency: null,
    variancePercent: money('7.6923'),
    thresholdPercent: money('2'),
    description: 'ERP perpetual 130 vs WMS physical 120 for SKU-1000 at WH-STUTTGART',
    ownerTeam: 'warehouse-ops',
    resolutionDeadline: at(72 * 60),
    detectedAt: at(),
    charterVersion: CHARTER_VERSION,
    ...overrides,
  };
}

/** A builder of a valid example payload, by event name; the type forces one builder per catalog event. */
export const eventBuilders: { readonly [E in EventName]: (overrides?: Partial<EventPayloads[E]>) => EventPayloads[E] } = {
  InventoryUpdated: anInventoryUpdated,
  OrderPlaced: anOrderPlaced,
  OrderCancelled: anOrderCancelled,
  OrderPostedToErp: anOrderPostedToErp,
  OrderShipped: anOrderShipped,
  OrderReturned: anOrderReturned,
  PriceUpdated: aPriceUpdated,
  QuoteRequested: aQuoteRequested,
  CustomerUpserted: aCustomerUpserted,
  ProductUpserted: aProductUpserted,
  ProductEnriched: aProductEnriched,
  InventoryAvailabilityChanged: anInventoryAvailabilityChanged,
  CycleCountRequested: aCycleCountRequested,
  InventorySnapshotRequested: anInventorySnapshotRequested,
  OrderAccepted: anOrderAccepted,
  OrderRejected: anOrderRejected,
  OrderHeld: anOrderHeld,
  OrderCancellationRequested: anOrderCancellationRequested,
  PriceChanged: aPriceChanged,
  PriceChangeRejected: aPriceChangeRejected,
  PriceChangePendingApproval: aPriceChangePendingApproval,
  QuotePriced: aQuotePriced,
  CustomerChanged: aCustomerChanged,
  CustomerSyncRequested: aCustomerSyncRequested,
  ProductChanged: aProductChanged,
  ReconciliationVarianceDetected: aReconciliationVarianceDetected,
  StockReserved: aStockReserved,
  StockReservationRejected: aStockReservationRejected,
  StockReleased: aStockReleased,
  StockReservationRequested: aStockReservationRequested,
  StockReleaseRequested: aStockReleaseRequested,
  CustomerCreationRequested: aCustomerCreationRequested,
};
