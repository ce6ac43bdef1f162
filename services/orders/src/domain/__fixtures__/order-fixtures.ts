import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { anOrderPlaced, aPlacedOrderLine, aPostalAddress, type OrderPlaced } from '@concord/contracts';
import { DEFAULT_CHARTER_PATH, loadCharter, parseCharter, type Charter } from '@concord/governance';
import { parseDocument, type Document } from 'yaml';
import type { CustomerFacts } from '../customer-resolution';
import { placedOrderFrom, type PlacedOrder } from '../order';
import type { ProductFacts } from '../order-quality';
import type { PricePoint } from '../price-resolution';

// DEFAULT_CHARTER_PATH is relative to the repository root; tests may run from elsewhere.
const CHARTER_FILE = join(__dirname, '..', '..', '..', '..', '..', DEFAULT_CHARTER_PATH);

/** The shipped charter: price mismatches accepted at the governed price (tolerance 0.01), back-orders allowed. */
export const charter: Charter = loadCharter(CHARTER_FILE);

/** The shipped charter after `edit` changed its YAML document. */
export function charterWith(edit: (document: Document) => void): Charter {
  const document = parseDocument(readFileSync(CHARTER_FILE, 'utf8'));
  edit(document);
  return parseCharter(String(document), 'variant-charter.yaml');
}

/** Price mismatches held for review, stock shortages held (no back-orders). */
export const holdingCharter: Charter = charterWith((document) => {
  document.setIn(['order_policies', 'price_mismatch'], 'HOLD');
  document.setIn(['order_policies', 'insufficient_stock'], 'HOLD');
  document.setIn(['version'], '2026.11.9');
});

export const NOW = new Date('2026-11-20T12:00:00.000Z');
export const ORDER_ID = '3f1c9a2e-7b4d-4e8a-9c10-5d2e6f7a8b90';
export const CUSTOMER_ID = '9b2f4c1d-0e3a-4f5b-8c6d-7e8f9a0b1c2d';

export const money = (amount: string) => new Decimal(amount);

/** An OrderPlaced from the storefront by customer "123" (ERP "C123" by the charter's rule) for 4 × SKU-1 at 19.99 EUR. */
export function anOrderPlacedEvent(overrides: Partial<OrderPlaced> = {}): OrderPlaced {
  return anOrderPlaced({
    externalOrderId: 'WEB-1',
    customer: { externalCustomerId: '123', newCustomer: null },
    lines: [aPlacedOrderLine({ lineNumber: 1, sku: 'SKU-1', quantity: 4, shownUnitPrice: money('19.99') })],
    currency: 'EUR',
    requestedDeliveryDate: '2026-11-30',
    shipTo: aPostalAddress({ region: 'US-EAST', countryCode: 'US', postalCode: '07102', city: 'Newark' }),
    placedAt: NOW,
    ...overrides,
  });
}

export function aPlacedOrder(overrides: Partial<OrderPlaced> = {}): PlacedOrder {
  return placedOrderFrom(ORDER_ID, anOrderPlacedEvent(overrides));
}

export function productsOf(...entries: Array<[sku: string, status?: ProductFacts['status']]>): Map<string, ProductFacts> {
  return new Map(entries.map(([sku, status = 'ACTIVE']) => [sku, { sku, status }]));
}

export function aCustomer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId: CUSTOMER_ID,
    name: 'Keller Maschinenbau GmbH',
    accountStatus: 'ACTIVE',
    crossReferences: [
      { sourceSystem: 'ECOMMERCE', externalId: '123' },
      { sourceSystem: 'ERP', externalId: 'C123' },
    ],
    version: 1,
    changedAt: new Date('2026-11-01T00:00:00.000Z'),
    ...overrides,
  };
}

let pointSequence = 0;

/** A LIST price of SKU-1 at 19.99 EUR, valid from the start, for everyone. */
export function aPricePoint(overrides: Partial<Omit<PricePoint, 'scope'>> & { scope?: Partial<PricePoint['scope']> } = {}): PricePoint {
  const { scope, ...rest } = overrides;
  pointSequence += 1;
  return {
    priceChangeId: `00000000-0000-4000-8000-${String(pointSequence).padStart(12, '0')}`,
    sku: 'SKU-1',
    priceType: 'LIST',
    amount: money('19.99'),
    currency: 'EUR',
    validFrom: null,
    validTo: null,
    changedAt: new Date('2026-10-01T00:00:00.000Z'),
    ...rest,
    scope: { channel: null, region: null, customerId: null, minQuantity: null, ...scope },
  };
}
