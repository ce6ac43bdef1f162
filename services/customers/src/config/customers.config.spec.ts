import { ConfigError, loadConfig } from '@concord/config';
import { customersConfigSchema } from './customers.config';

describe('the customers configuration', () => {
  it('defaults to the customers schema and group on port 3004', () => {
    expect(loadConfig(customersConfigSchema, {})).toMatchObject({
      HTTP_PORT: 3004,
      CUSTOMERS_DB_SCHEMA: 'customers',
      CUSTOMERS_GROUP_ID: 'customers',
      CUSTOMERS_DB_POOL_SIZE: 10,
    });
  });

  it('reads the schema, the group and the pool size from the environment, an empty value counting as unset', () => {
    const config = loadConfig(customersConfigSchema, { CUSTOMERS_DB_SCHEMA: 'customers_test_1', CUSTOMERS_GROUP_ID: 'customers-test-1', CUSTOMERS_DB_POOL_SIZE: '' });
    expect(config).toMatchObject({ CUSTOMERS_DB_SCHEMA: 'customers_test_1', CUSTOMERS_GROUP_ID: 'customers-test-1', CUSTOMERS_DB_POOL_SIZE: 10 });
  });

  it('names every bad variable with the value it got', () => {
    let error: unknown;
    try {
      loadConfig(customersConfigSchema, { CUSTOMERS_DB_SCHEMA: 'Customers-1', CUSTOMERS_GROUP_ID: 'customers group', CUSTOMERS_DB_POOL_SIZE: '1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CUSTOMERS_DB_SCHEMA: expected a lower-case Postgres identifier.*\(got "Customers-1"\)$/),
        expect.stringMatching(/^CUSTOMERS_GROUP_ID: expected letters, digits.*\(got "customers group"\)$/),
        expect.stringMatching(/^CUSTOMERS_DB_POOL_SIZE: expected at least 2 \(got "1"\)$/),
      ]),
    );
    expect(issues).toHaveLength(3);
  });
});
