import { ConfigError, loadConfig } from '@concord/config';
import { simulatorConfigSchema } from './simulator.config';
import { simulatedSku, simulatorSettings } from './simulator-settings';

const charterLocations = ['DC-EAST', 'DC-CENTRAL', 'DC-WEST', 'DC-EU'];

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(simulatorConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('the simulator configuration', () => {
  it('defaults to the demo traffic: 20 records/s, 2 % bad, 2,000 SKUs at every charter location', () => {
    const settings = simulatorSettings(loadConfig(simulatorConfigSchema, {}), charterLocations);
    expect(settings).toMatchObject({ inventoryRate: 20, badRecordShare: 0.02, seed: 1, erpPostingIntervalMs: 5000, erpDriftShare: 0.02 });
    expect(settings.skus).toHaveLength(2000);
    expect(settings.skus[0]).toBe('SKU-00001');
    expect(settings.locations).toEqual(charterLocations);
  });

  it('takes rate, share, seed, SKUs and locations from the environment', () => {
    const config = loadConfig(simulatorConfigSchema, {
      SIMULATOR_INVENTORY_RATE: '0',
      SIMULATOR_BAD_RECORD_SHARE: '0.1',
      SIMULATOR_SEED: '42',
      SIMULATOR_SKU_COUNT: '3',
      SIMULATOR_SKU_PREFIX: 'T1-',
      SIMULATOR_LOCATIONS: 'DC-EAST, DC-EU',
      SIMULATOR_DB_SCHEMA: 'simulator_test',
      SIMULATOR_GROUP_ID: 'simulator-test',
    });
    const settings = simulatorSettings(config, charterLocations);
    expect(settings).toMatchObject({ inventoryRate: 0, badRecordShare: 0.1, seed: 42, skus: ['T1-00001', 'T1-00002', 'T1-00003'], locations: ['DC-EAST', 'DC-EU'] });
    expect(config).toMatchObject({ SIMULATOR_DB_SCHEMA: 'simulator_test', SIMULATOR_GROUP_ID: 'simulator-test' });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(simulatorConfigSchema, { SIMULATOR_INVENTORY_RATE: '', SIMULATOR_LOCATIONS: '' })).toMatchObject({ SIMULATOR_INVENTORY_RATE: 20, SIMULATOR_LOCATIONS: undefined });
  });

  describe('when a value is invalid', () => {
    it('names each bad variable and the value it got', () => {
      const issues = problems({ SIMULATOR_INVENTORY_RATE: '-5', SIMULATOR_BAD_RECORD_SHARE: '2', SIMULATOR_SKU_PREFIX: 'a b', SIMULATOR_DB_SCHEMA: 'Bad-Schema' });
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^SIMULATOR_INVENTORY_RATE: .*\(got "-5"\)$/),
          'SIMULATOR_BAD_RECORD_SHARE: expected a share from 0 to 1 (got "2")',
          expect.stringMatching(/^SIMULATOR_SKU_PREFIX: expected letters, digits.*\(got "a b"\)$/),
          'SIMULATOR_DB_SCHEMA: expected a lower-case Postgres identifier (got "Bad-Schema")',
        ]),
      );
      expect(issues).toHaveLength(4);
    });

    it('rejects a rate that is not a number', () => {
      expect(problems({ SIMULATOR_INVENTORY_RATE: 'fast' })).toEqual([expect.stringMatching(/^SIMULATOR_INVENTORY_RATE: .*\(got "fast"\)$/)]);
    });
  });

  describe('the order flow', () => {
    it('defaults to a modest storefront: 5 orders/s, 5 % bad, 5 % new customers, 2 % cancelled, an ERP that answers 99 %', () => {
      const { orders } = simulatorSettings(loadConfig(simulatorConfigSchema, {}), charterLocations);
      expect(orders).toMatchObject({
        orderRate: 5,
        mix: { badShare: 0.05, newCustomerShare: 0.05, cancelShare: 0.02 },
        cancelDelayMs: { min: 2000, max: 30000 },
        channel: 'webshop',
        currency: 'USD',
        customerCount: 1000,
        inactiveSkuShare: 0.03,
        referenceRefreshMs: 600_000,
        fulfilment: { seed: 1, postingDelayMs: { min: 500, max: 5000 }, unansweredShare: 0.01, shipShare: 0.8, shipDelayMs: { min: 5000, max: 60000 } },
        customerSyncDelayMs: { min: 200, max: 2000 },
      });
      expect(orders.externalOrderIdPrefix).toMatch(/^WEB-[0-9A-Z]+-$/);
    });

    it('gives every run its own external order id prefix', () => {
      const config = loadConfig(simulatorConfigSchema, {});
      expect(simulatorSettings(config, charterLocations).orders.externalOrderIdPrefix).not.toBe(simulatorSettings(config, charterLocations).orders.externalOrderIdPrefix);
    });

    it('takes rates, shares and delay ranges from the environment; a single number is a fixed delay', () => {
      const { orders } = simulatorSettings(
        loadConfig(simulatorConfigSchema, {
          SIMULATOR_ORDER_RATE: '2000',
          SIMULATOR_ORDER_BAD_SHARE: '0.1',
          SIMULATOR_NEW_CUSTOMER_SHARE: '0.2',
          SIMULATOR_CANCEL_SHARE: '0',
          SIMULATOR_ERP_ORDER_DELAY_MS: '100 - 200',
          SIMULATOR_SHIP_DELAY_MS: '250',
          SIMULATOR_ERP_UNANSWERED_SHARE: '0.5',
          SIMULATOR_CURRENCY: 'EUR',
        }),
        charterLocations,
      );
      expect(orders).toMatchObject({ orderRate: 2000, mix: { badShare: 0.1, newCustomerShare: 0.2, cancelShare: 0 }, currency: 'EUR' });
      expect(orders.fulfilment).toMatchObject({ postingDelayMs: { min: 100, max: 200 }, shipDelayMs: { min: 250, max: 250 }, unansweredShare: 0.5 });
    });

    it('names each bad order-flow variable', () => {
      const issues = problems({
        SIMULATOR_ORDER_RATE: '-1',
        SIMULATOR_CANCEL_SHARE: '1.5',
        SIMULATOR_ERP_ORDER_DELAY_MS: '5000-500',
        SIMULATOR_SHIP_DELAY_MS: 'soon',
        SIMULATOR_CURRENCY: 'usd',
      });
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^SIMULATOR_ORDER_RATE: .*\(got "-1"\)$/),
          'SIMULATOR_CANCEL_SHARE: expected a share from 0 to 1 (got "1.5")',
          'SIMULATOR_ERP_ORDER_DELAY_MS: expected milliseconds as min-max with min <= max <= 3600000, e.g. 500-5000 (got "5000-500")',
          'SIMULATOR_SHIP_DELAY_MS: expected milliseconds as min-max with min <= max <= 3600000, e.g. 500-5000 (got "soon")',
          'SIMULATOR_CURRENCY: expected an ISO 4217 code, three upper-case letters (got "usd")',
        ]),
      );
      expect(issues).toHaveLength(5);
    });

    it('refuses bad and new-customer shares that add up to more than all orders', () => {
      expect(problems({ SIMULATOR_ORDER_BAD_SHARE: '0.7', SIMULATOR_NEW_CUSTOMER_SHARE: '0.4' })).toEqual([
        'SIMULATOR_NEW_CUSTOMER_SHARE: together with SIMULATOR_ORDER_BAD_SHARE (0.7) it exceeds 1: the shares are of all orders (got "0.4")',
      ]);
    });
  });

  it('numbers SKUs with five digits after the prefix', () => {
    expect(simulatedSku('SKU-', 42)).toBe('SKU-00042');
  });
});
