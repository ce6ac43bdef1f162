import Decimal from 'decimal.js';
import { charterTextWith, DEFAULT_CHARTER_FILE, defaultCharterText } from './__fixtures__/charter-text';
import { CharterError } from './charter.errors';
import { loadCharter, parseCharter } from './load-charter';

/** The CharterError that parsing `text` throws. */
function charterErrorFor(text: string): CharterError {
  try {
    parseCharter(text, 'charter.yaml');
  } catch (error) {
    if (error instanceof CharterError) return error;
    throw error;
  }
  throw new Error('expected the charter to be rejected');
}

function issuePaths(error: CharterError): string[] {
  return error.issues.map((issue) => issue.path);
}

describe('the shipped default charter', () => {
  const charter = loadCharter(DEFAULT_CHARTER_FILE);

  it('loads, with its version', () => {
    expect(charter.version).toBe('2026.11.1');
    expect(charter.pricingModel).toBe('HYBRID');
    expect(charter.sellableStockSource).toBe('WMS');
  });

  it('gives the distributor ownership of a typical hybrid setup', () => {
    expect(charter.ownerOf('product_master', 'gl_account')).toBe('ERP');
    expect(charter.ownerOf('product_enrichment', 'images')).toBe('PIM');
    expect(charter.ownerOf('customer_contact', 'email')).toBe('CRM');
    expect(charter.ownerOf('customer_account', 'payment_terms')).toBe('ERP');
    expect(charter.ownerOf('inventory_physical')).toBe('WMS');
    expect(charter.ownerOf('inventory_perpetual')).toBe('ERP');
    expect(['LIST', 'COST', 'CHANNEL', 'PROMO', 'CONTRACT', 'VOLUME_TIER', 'REGIONAL'].map((type) => charter.priceTypeOwner(type as never))).toEqual(
      ['ERP', 'ERP', 'PIM', 'PIM', 'CRM', 'ERP', 'ERP'],
    );
  });

  it('holds thresholds and targets as exact decimals', () => {
    expect(charter.thresholds.priceChangeApprovalPercent).toEqual(new Decimal(10));
    expect(charter.thresholds.erpPimCostVariancePercent).toEqual(new Decimal(5));
    expect(charter.thresholds.inventoryVariancePercent).toEqual(new Decimal(2));
    expect(charter.targets.syncSuccessRatePercentAbove.toString()).toBe('99.5');
    expect(charter.targets.dataConflictsPerDayBelow).toBe(10);
    expect(charter.targets.syncLagBelow.ms).toBe(30 * 60_000);
  });

  it('routes every data domain to an owner team', () => {
    expect(charter.ownerTeamOf('product_master')).toBe('erp-team');
    expect(charter.ownerTeamOf('product_enrichment')).toBe('pim-team');
    expect(charter.ownerTeamOf('customer_contact')).toBe('sales-ops');
    expect(charter.ownerTeamOf('customer_account')).toBe('finance');
    expect(charter.ownerTeamOf('inventory_physical')).toBe('warehouse-ops');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(charter)).toBe(true);
    expect(Object.isFrozen(charter.exceptions[0])).toBe(true);
    expect(Object.isFrozen(charter.thresholds.inventoryFreshness)).toBe(true);
    expect(Object.isFrozen(charter.inventoryRouting.locations)).toBe(true);
    expect(() => {
      (charter as { version: string }).version = 'tampered';
    }).toThrow(TypeError);
  });
});

describe('when the charter is invalid', () => {
  it('throws a CharterError with code GOVERNANCE.INVALID_CHARTER', () => {
    const error = charterErrorFor(charterTextWith((document) => document.setIn(['pricing', 'model'], 'ERP_FIRST')));
    expect(error.code).toBe('GOVERNANCE.INVALID_CHARTER');
    expect(error.sourceName).toBe('charter.yaml');
  });

  describe('with a misspelt key', () => {
    it('names the key and lists the keys allowed there', () => {
      const error = charterErrorFor(
        charterTextWith((document) => {
          document.deleteIn(['ownership', 'domains', 'product_master', 'owner']);
          document.setIn(['ownership', 'domains', 'product_master', 'ownr'], 'ERP');
        }),
      );
      expect(error.message).toContain('charter.yaml: ownership.domains.product_master.ownr: unknown key (allowed: owner, fields)');
      expect(error.message).toContain('charter.yaml: ownership.domains.product_master.owner: is required');
    });

    it('rejects an unknown field of a domain', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['ownership', 'domains', 'product_master', 'fields', 'colour'], 'PIM')));
      expect(error.issues).toEqual([
        expect.objectContaining({ path: 'ownership.domains.product_master.fields.colour', message: expect.stringMatching(/^unknown key \(allowed: sku, name/) }),
      ]);
    });

    it('rejects an unknown top-level section', () => {
      const error = charterErrorFor(charterTextWith((document) => document.set('tresholds', {})));
      expect(issuePaths(error)).toEqual(['tresholds']);
    });
  });

  describe('with a value outside its enumeration', () => {
    it('says what was expected and what it got', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['ownership', 'price_types', 'PROMO'], 'SAP')));
      expect(error.message).toContain('charter.yaml: ownership.price_types.PROMO: expected one of ERP, PIM, CRM, WMS, ECOMMERCE (got "SAP")');
    });

    it('tells the line', () => {
      const error = charterErrorFor(defaultCharterText().replace('model: HYBRID', 'model: HYBRD'));
      const line = defaultCharterText().split('\n').findIndex((text) => text.includes('model: HYBRID')) + 1;
      expect(error.issues).toEqual([{ path: 'pricing.model', line, message: expect.stringContaining('(got "HYBRD")') }]);
    });
  });

  describe('with a velocity tier missing its freshness limit', () => {
    it('names the tier', () => {
      const error = charterErrorFor(charterTextWith((document) => document.deleteIn(['thresholds', 'inventory_freshness', 'slow'])));
      expect(error.message).toContain('charter.yaml: thresholds.inventory_freshness.slow: is required');
    });
  });

  describe('with a faster tier allowed to be staler than a slower one', () => {
    it('names the faster tier', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['thresholds', 'inventory_freshness', 'high'], 'PT2H')));
      expect(error.issues).toEqual([expect.objectContaining({ path: 'thresholds.inventory_freshness.high', message: "PT2H is longer than the medium tier's PT1H" })]);
    });
  });

  describe('with velocity tier boundaries out of order', () => {
    it('names the high boundary', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['thresholds', 'velocity', 'min_orders_per_day', 'high'], '2')));
      expect(issuePaths(error)).toEqual(['thresholds.velocity.min_orders_per_day.high']);
    });
  });

  describe('with a percentage written as a float', () => {
    it('rejects the float, naming the path', () => {
      const error = charterErrorFor(defaultCharterText().replace('price_change_approval_percent: "10"', 'price_change_approval_percent: 10.5'));
      expect(error.message).toContain(
        'charter.yaml: thresholds.price_change_approval_percent: expected an exact decimal: a quoted string like "10.5" or an integer (got 10.5)',
      );
    });

    it('accepts the same value as a string, exactly', () => {
      const charter = parseCharter(defaultCharterText().replace('price_change_approval_percent: "10"', 'price_change_approval_percent: "10.5"'));
      expect(charter.thresholds.priceChangeApprovalPercent).toEqual(new Decimal('10.5'));
    });

    it('accepts an integer', () => {
      const charter = parseCharter(defaultCharterText().replace('price_change_approval_percent: "10"', 'price_change_approval_percent: 12'));
      expect(charter.thresholds.priceChangeApprovalPercent).toEqual(new Decimal(12));
    });

    it('rejects a rate above 100 percent', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['targets', 'sync_success_rate_percent_above'], '100.5')));
      expect(error.message).toContain('targets.sync_success_rate_percent_above: must be at most 100 (got "100.5")');
    });
  });

  describe('with a duration that has no fixed length', () => {
    it('rejects P1M (a month, usually meant as a minute)', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['targets', 'sync_lag_below'], 'P1M')));
      expect(error.message).toMatch(/targets\.sync_lag_below: expected an ISO-8601 duration .* \(got "P1M"\)/);
    });

    it('accepts whole minutes', () => {
      const charter = parseCharter(charterTextWith((document) => document.setIn(['targets', 'sync_lag_below'], 45)));
      expect(charter.targets.syncLagBelow).toEqual({ text: 'PT45M', ms: 45 * 60_000 });
    });
  });

  describe('with two owners for one price type', () => {
    it('names the price type and both lines', () => {
      const text = defaultCharterText().replace('price_types: {}', 'price_types:\n    PROMO: PIM\n    PROMO: CRM');
      const error = charterErrorFor(text);
      expect(error.issues).toEqual([
        expect.objectContaining({ path: 'ownership.price_types.PROMO', message: expect.stringMatching(/^is given more than once \(lines \d+ and \d+\)/) }),
      ]);
    });
  });

  describe('with an exception for an unknown system', () => {
    it('names the exception', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['exceptions', 0, 'system'], 'SAP')));
      expect(error.message).toContain('charter.yaml: exceptions[0].system: expected one of ERP, PIM, CRM, WMS, ECOMMERCE (got "SAP")');
    });
  });

  describe('with an exception for a field its domain does not have', () => {
    it('lists the fields of the domain', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['exceptions', 0, 'field'], 'credit_limit')));
      expect(error.issues).toEqual([
        expect.objectContaining({ path: 'exceptions[0].field', message: expect.stringContaining('expected a field of customer_contact: one of name, contacts, email') }),
      ]);
    });
  });

  describe('with an exception for the system that already owns the data', () => {
    it('says the exception is not needed', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['exceptions', 1, 'system'], 'PIM')));
      expect(error.issues).toEqual([expect.objectContaining({ path: 'exceptions[1].system', message: 'PIM already owns this data; an exception is not needed' })]);
    });
  });

  describe('with an exception missing its approver and expiry', () => {
    it('names both', () => {
      const error = charterErrorFor(
        charterTextWith((document) => {
          document.deleteIn(['exceptions', 0, 'approved_by']);
          document.setIn(['exceptions', 0, 'expires'], '2027-02-30');
        }),
      );
      expect(issuePaths(error).sort()).toEqual(['exceptions[0].approved_by', 'exceptions[0].expires']);
    });
  });

  describe('with a sellable stock source that is neither WMS nor ERP', () => {
    it('names the setting', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['ownership', 'sellable_stock_source'], 'ECOMMERCE')));
      expect(error.message).toContain('ownership.sellable_stock_source: expected one of WMS, ERP (got "ECOMMERCE")');
    });

    it('refuses a source that owns no inventory domain', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['ownership', 'domains', 'inventory_physical', 'owner'], 'ERP')));
      expect(error.issues).toEqual([
        expect.objectContaining({ path: 'ownership.sellable_stock_source', message: 'WMS owns neither inventory_physical (ERP) nor inventory_perpetual (ERP)' }),
      ]);
    });
  });

  describe('with a domain routed to an undeclared team', () => {
    it('lists the declared teams', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['owner_teams', 'by_domain', 'order'], 'sales')));
      expect(error.message).toContain('owner_teams.by_domain.order: expected one of the declared teams erp-team, pim-team, sales-ops, finance, warehouse-ops (got "sales")');
    });
  });

  describe('with two locations of the same priority', () => {
    it('names the second one', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['inventory_routing', 'locations', 1, 'priority'], 1)));
      expect(issuePaths(error)).toEqual(['inventory_routing.locations[1].priority']);
    });
  });

  describe('with customer id prefixes that would make ERP ids ambiguous', () => {
    it('names the shorter prefix', () => {
      const error = charterErrorFor(
        charterTextWith((document) => document.setIn(['customer_id_mapping', 'CRM'], { external_id_pattern: '\\d{6}', erp_id_prefix: 'CR' })),
      );
      expect(issuePaths(error)).toEqual(['customer_id_mapping.ECOMMERCE.erp_id_prefix']);
    });
  });

  describe('with an invalid regular expression', () => {
    it('names the country', () => {
      const error = charterErrorFor(charterTextWith((document) => document.setIn(['quality', 'postal_codes', 'patterns', 'DE'], '\\d{5')));
      expect(issuePaths(error)).toEqual(['quality.postal_codes.patterns.DE']);
    });
  });

  describe('with several problems', () => {
    it('reports them all at once, in file order', () => {
      const error = charterErrorFor(
        charterTextWith((document) => {
          document.setIn(['version'], 'latest');
          document.setIn(['ownership', 'price_types', 'PROMO'], 'SAP');
          document.deleteIn(['thresholds', 'inventory_freshness', 'medium']);
          document.setIn(['order_policies', 'insufficient_stock'], 'CANCEL');
        }),
      );
      expect(issuePaths(error)).toEqual([
        'version',
        'ownership.price_types.PROMO',
        'thresholds.inventory_freshness.medium',
        'order_policies.insufficient_stock',
      ]);
      expect(error.message.split('\n')).toHaveLength(5);
    });
  });

  describe('with broken YAML', () => {
    it('gives the line and column', () => {
      const error = charterErrorFor('version: "2026.11.1"\nownership: [unclosed\n');
      expect(error.issues[0]).toEqual(expect.objectContaining({ path: '', message: expect.stringMatching(/^line \d+, column \d+: /) }));
    });
  });

  describe('with an empty file', () => {
    it('says a mapping was expected', () => {
      expect(charterErrorFor('').message).toContain('charter.yaml: expected a mapping (got null)');
    });
  });
});

describe('when the charter file cannot be read', () => {
  it('throws a CharterError naming the file', () => {
    expect(() => loadCharter('/nonexistent/charter.yaml')).toThrow(
      expect.objectContaining({ code: 'GOVERNANCE.INVALID_CHARTER', message: expect.stringContaining('/nonexistent/charter.yaml: cannot read the charter file (ENOENT)') }),
    );
  });
});
