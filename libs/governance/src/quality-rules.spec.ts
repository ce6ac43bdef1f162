import { charterWith, DEFAULT_CHARTER_FILE } from './__fixtures__/charter-text';
import { loadCharter } from './load-charter';
import { isValidEmail } from './quality-rules';

const charter = loadCharter(DEFAULT_CHARTER_FILE);

describe('isValidEmail', () => {
  it.each(['jane.doe@example.com', 'ops+orders@sub.example.co.uk', 'Jane.Doe@Example.COM', "o'brien@example.ie"])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  describe('when the address has whitespace', () => {
    it.each([' jane@example.com', 'jane@example.com ', 'jane @example.com', 'jane@exa mple.com', 'jane@example.com\n'])('rejects %j', (email) => {
      expect(isValidEmail(email)).toBe(false);
    });
  });

  it.each(['', 'jane', 'jane@', '@example.com', 'jane@example', 'jane@@example.com', 'jane..doe@example.com', '.jane@example.com', 'jane@-example.com', 'jane@example.com-', 'jane@example.123'])(
    'rejects %j',
    (email) => {
      expect(isValidEmail(email)).toBe(false);
    },
  );

  it('rejects an address longer than 254 characters', () => {
    expect(isValidEmail(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`)).toBe(false);
  });
});

describe('postalCodeMatches', () => {
  it.each([
    ['US', '12345'],
    ['US', '12345-6789'],
    ['CA', 'K1A 0B1'],
    ['GB', 'SW1A 1AA'],
    ['GB', 'M1 1AE'],
    ['GB', 'GIR 0AA'],
    ['DE', '10115'],
    ['FR', '75008'],
    ['NL', '1012 AB'],
  ])('accepts %s %s', (country, postalCode) => {
    expect(charter.postalCodeMatches(country, postalCode)).toBe(true);
  });

  it.each([
    ['US', '1234'],
    ['US', '12345-67'],
    ['CA', 'K1A0B1'],
    ['CA', 'k1a 0b1'],
    ['CA', 'D1A 0B1'],
    ['GB', 'SW1A1AA'],
    ['DE', '1011'],
    ['FR', '750080'],
    ['NL', '0123 AB'],
    ['NL', '1012 SS'],
    ['US', ' 12345'],
  ])('rejects %s %j', (country, postalCode) => {
    expect(charter.postalCodeMatches(country, postalCode)).toBe(false);
  });

  it('reads the country code in any case', () => {
    expect(charter.postalCodeMatches('de', '10115')).toBe(true);
  });

  describe('when the country has no pattern', () => {
    it('rejects the code when the charter rejects unlisted countries', () => {
      expect(charter.postalCodeMatches('JP', '100-0001')).toBe(false);
    });

    it('accepts the code when the charter accepts unlisted countries', () => {
      const lenient = charterWith((document) => document.setIn(['quality', 'postal_codes', 'unlisted_countries'], 'ACCEPT'));
      expect(lenient.postalCodeMatches('JP', '100-0001')).toBe(true);
      expect(lenient.postalCodeMatches('US', '1000')).toBe(false);
    });
  });
});

describe('checkRequiredFields', () => {
  describe('for a product', () => {
    const product = { sku: 'SKU-1', name: 'Hex bolt M8', category: 'Fasteners', unit_of_measure: 'EA', cost: '0.12', supplier: 'ACME', gl_account: '4000' };

    it('passes a complete SKU', () => {
      expect(charter.checkRequiredFields('product', product)).toEqual([]);
    });

    it('reports each missing, null or blank field', () => {
      const violations = charter.checkRequiredFields('product', { ...product, cost: undefined, supplier: null, gl_account: '  ' });
      expect(violations.map(({ field, code }) => [field, code])).toEqual([
        ['cost', 'MISSING_REQUIRED_FIELD'],
        ['supplier', 'MISSING_REQUIRED_FIELD'],
        ['gl_account', 'MISSING_REQUIRED_FIELD'],
      ]);
    });

    it('finds fields written in camelCase', () => {
      const { unit_of_measure: unitOfMeasure, gl_account: glAccount, ...rest } = product;
      expect(charter.checkRequiredFields('product', { ...rest, unitOfMeasure, glAccount })).toEqual([]);
    });

    it('counts a cost of 0 as present', () => {
      expect(charter.checkRequiredFields('product', { ...product, cost: 0 })).toEqual([]);
    });
  });

  describe('for a customer', () => {
    const customer = {
      name: 'Northwind Traders',
      billing_address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
      credit_limit: '50000.00',
      tax_id: 'US-12-3456789',
      email: 'ap@northwind.example',
    };

    it('passes a valid customer', () => {
      expect(charter.checkRequiredFields('customer', customer)).toEqual([]);
    });

    describe('when the email has surrounding whitespace', () => {
      it('is an INVALID_EMAIL (auto-remediation trims it)', () => {
        expect(charter.checkRequiredFields('customer', { ...customer, email: ' AP@Northwind.example ' })).toEqual([
          expect.objectContaining({ field: 'email', code: 'INVALID_EMAIL' }),
        ]);
      });
    });

    describe('when the email is in upper case', () => {
      it('passes', () => {
        expect(charter.checkRequiredFields('customer', { ...customer, email: 'AP@NORTHWIND.EXAMPLE' })).toEqual([]);
      });
    });

    describe('when the email is missing', () => {
      it('is reported once, as missing', () => {
        expect(charter.checkRequiredFields('customer', { ...customer, email: '' })).toEqual([
          expect.objectContaining({ field: 'email', code: 'MISSING_REQUIRED_FIELD' }),
        ]);
      });
    });

    describe('when the postal code does not fit the country', () => {
      it('is a POSTAL_CODE_MISMATCH', () => {
        const record = { ...customer, billing_address: { ...customer.billing_address, country: 'CA', postal_code: '12345' } };
        expect(charter.checkRequiredFields('customer', record)).toEqual([
          { field: 'billing_address.postal_code', code: 'POSTAL_CODE_MISMATCH', message: '"12345" is not a postal code of CA' },
        ]);
      });
    });

    describe('when the country has no pattern', () => {
      it('says so', () => {
        const record = { ...customer, billing_address: { ...customer.billing_address, country: 'JP', postal_code: '100-0001' } };
        expect(charter.checkRequiredFields('customer', record)).toEqual([
          expect.objectContaining({ code: 'POSTAL_CODE_MISMATCH', message: 'the charter has no postal code pattern for JP' }),
        ]);
      });
    });

    describe('when the address lacks a country', () => {
      it('reports the country as missing', () => {
        const { billing_address: _, ...withoutAddress } = customer;
        const record = { ...withoutAddress, billingAddress: { postalCode: '12345' } };
        expect(charter.checkRequiredFields('customer', record)).toEqual([
          expect.objectContaining({ field: 'billing_address.country', code: 'MISSING_REQUIRED_FIELD' }),
        ]);
      });
    });

    describe('when the whole address is missing', () => {
      it('reports only the address', () => {
        expect(charter.checkRequiredFields('customer', { ...customer, billing_address: undefined }).map((violation) => violation.field)).toEqual([
          'billing_address',
        ]);
      });
    });
  });

  describe('for an order', () => {
    const order = {
      customer_id: 'C123',
      delivery_date: '2026-12-01',
      lines: [
        { sku: 'SKU-1', quantity: 2 },
        { sku: 'SKU-2', quantity: '1.5' },
      ],
    };

    it('passes a valid order', () => {
      expect(charter.checkRequiredFields('order', order)).toEqual([]);
    });

    describe('when it has no lines', () => {
      it('reports the lines as missing', () => {
        expect(charter.checkRequiredFields('order', { ...order, lines: [] })).toEqual([expect.objectContaining({ field: 'lines', code: 'MISSING_REQUIRED_FIELD' })]);
      });
    });

    describe('when a line has quantity 0 or no SKU', () => {
      it('names the line', () => {
        const violations = charter.checkRequiredFields('order', { ...order, lines: [{ sku: 'SKU-1', quantity: 0 }, { quantity: 3 }, { sku: 'SKU-3', quantity: -1 }] });
        expect(violations.map(({ field, code }) => [field, code])).toEqual([
          ['lines[1].sku', 'MISSING_LINE_SKU'],
          ['lines[0].quantity', 'NON_POSITIVE_QUANTITY'],
          ['lines[2].quantity', 'NON_POSITIVE_QUANTITY'],
        ]);
      });
    });

    describe('when the delivery date is not a date', () => {
      it.each(['2026-02-30', 'tomorrow', '01/12/2026'])('reports %j', (date) => {
        expect(charter.checkRequiredFields('order', { ...order, delivery_date: date })).toEqual([
          expect.objectContaining({ field: 'delivery_date', code: 'INVALID_DELIVERY_DATE' }),
        ]);
      });

      it('accepts a Date', () => {
        expect(charter.checkRequiredFields('order', { customerId: 'C123', lines: order.lines, deliveryDate: new Date('2026-12-01') })).toEqual([]);
      });
    });

    describe('when the customer and delivery date are missing', () => {
      it('reports both', () => {
        expect(charter.checkRequiredFields('order', { lines: order.lines }).map((violation) => violation.field)).toEqual(['customer_id', 'delivery_date']);
      });
    });
  });

  describe('for a product to publish', () => {
    it('needs at least one image', () => {
      const product = { title: 'Hex bolt', description: 'Zinc-plated M8 hex bolt', category: 'Fasteners', images: [] };
      expect(charter.checkRequiredFields('publishable_product', product)).toEqual([expect.objectContaining({ field: 'images', code: 'MISSING_REQUIRED_FIELD' })]);
      expect(charter.checkRequiredFields('publishable_product', { ...product, images: ['https://cdn.example/bolt.jpg'] })).toEqual([]);
    });
  });
});
