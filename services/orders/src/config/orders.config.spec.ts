import { ConfigError, loadConfig } from '@concord/config';
import { ordersConfigSchema } from './orders.config';

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(ordersConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the orders configuration', () => {
  it('defaults to the orders schema and group, a 15 minute customer wait and a 30 s sweep', () => {
    expect(loadConfig(ordersConfigSchema, {})).toMatchObject({
      HTTP_PORT: 3002,
      ORDERS_DB_SCHEMA: 'orders',
      ORDERS_GROUP_ID: 'orders',
      ORDERS_DB_POOL_SIZE: 10,
      ORDERS_CUSTOMER_WAIT: 15 * 60_000,
      ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: 30_000,
      ORDERS_CUSTOMER_WAIT_SWEEP_BATCH_SIZE: 200,
      ORDERS_HELD_LIST_DEFAULT_LIMIT: 50,
    });
  });

  it('reads the schema, the group, the pool and the customer wait as an ISO-8601 duration', () => {
    const config = loadConfig(ordersConfigSchema, {
      ORDERS_DB_SCHEMA: 'orders_test_1',
      ORDERS_GROUP_ID: 'orders-test-1',
      ORDERS_DB_POOL_SIZE: '4',
      ORDERS_CUSTOMER_WAIT: 'P1DT2H30S',
      ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: '250',
    });
    expect(config).toMatchObject({
      ORDERS_DB_SCHEMA: 'orders_test_1',
      ORDERS_GROUP_ID: 'orders-test-1',
      ORDERS_DB_POOL_SIZE: 4,
      ORDERS_CUSTOMER_WAIT: 86_400_000 + 2 * 3_600_000 + 30_000,
      ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: 250,
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(ordersConfigSchema, { ORDERS_CUSTOMER_WAIT: '', ORDERS_GROUP_ID: '' })).toMatchObject({ ORDERS_CUSTOMER_WAIT: 900_000, ORDERS_GROUP_ID: 'orders' });
  });

  describe('when values are invalid', () => {
    it('names every bad variable with the value it got', () => {
      const issues = issuesOf({
        ORDERS_DB_SCHEMA: 'Orders-1',
        ORDERS_DB_POOL_SIZE: '1',
        ORDERS_CUSTOMER_WAIT: 'P1M',
        ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: 'often',
      });
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ORDERS_DB_SCHEMA: expected a lower-case Postgres identifier.*\(got "Orders-1"\)$/),
          expect.stringMatching(/^ORDERS_DB_POOL_SIZE: expected at least 2 \(got "1"\)$/),
          expect.stringMatching(/^ORDERS_CUSTOMER_WAIT: expected an ISO-8601 duration .*\(got "P1M"\)$/),
          expect.stringMatching(/^ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: expected a number of milliseconds \(got "often"\)$/),
        ]),
      );
      expect(issues).toHaveLength(4);
    });

    it('refuses a zero-length or half-written duration', () => {
      expect(issuesOf({ ORDERS_CUSTOMER_WAIT: 'PT0S' })).toEqual([expect.stringMatching(/^ORDERS_CUSTOMER_WAIT: /)]);
      expect(issuesOf({ ORDERS_CUSTOMER_WAIT: 'PT' })).toEqual([expect.stringMatching(/^ORDERS_CUSTOMER_WAIT: /)]);
      expect(issuesOf({ ORDERS_CUSTOMER_WAIT: '15 minutes' })).toEqual([expect.stringMatching(/^ORDERS_CUSTOMER_WAIT: /)]);
    });
  });
});
