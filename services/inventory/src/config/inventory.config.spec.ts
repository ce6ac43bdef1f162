import { ConfigError, loadConfig } from '@concord/config';
import { inventoryConfigSchema } from './inventory.config';

describe('the inventory configuration', () => {
  it('defaults to the inventory schema and group and a 30 s staleness sweep', () => {
    const config = loadConfig(inventoryConfigSchema, {});
    expect(config).toMatchObject({
      HTTP_PORT: 3001,
      INVENTORY_DB_SCHEMA: 'inventory',
      INVENTORY_GROUP_ID: 'inventory',
      INVENTORY_STALE_SWEEP_INTERVAL_MS: 30_000,
      INVENTORY_STALE_SWEEP_BATCH_SIZE: 200,
    });
  });

  it('reads the schema, the group and a short sweep interval from the environment', () => {
    const config = loadConfig(inventoryConfigSchema, { INVENTORY_DB_SCHEMA: 'inventory_test_1', INVENTORY_GROUP_ID: 'inventory-test-1', INVENTORY_STALE_SWEEP_INTERVAL_MS: '250' });
    expect(config).toMatchObject({ INVENTORY_DB_SCHEMA: 'inventory_test_1', INVENTORY_GROUP_ID: 'inventory-test-1', INVENTORY_STALE_SWEEP_INTERVAL_MS: 250 });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(inventoryConfigSchema, { INVENTORY_STALE_SWEEP_INTERVAL_MS: '' }).INVENTORY_STALE_SWEEP_INTERVAL_MS).toBe(30_000);
  });

  describe('when values are invalid', () => {
    it('names every bad variable with the value it got', () => {
      let error: unknown;
      try {
        loadConfig(inventoryConfigSchema, { INVENTORY_DB_SCHEMA: 'Inventory-1', INVENTORY_STALE_SWEEP_INTERVAL_MS: '10', INVENTORY_STALE_SWEEP_BATCH_SIZE: 'many' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^INVENTORY_DB_SCHEMA: expected a lower-case Postgres identifier.*\(got "Inventory-1"\)$/),
          expect.stringMatching(/^INVENTORY_STALE_SWEEP_INTERVAL_MS: expected at least 100 ms \(got "10"\)$/),
          expect.stringMatching(/^INVENTORY_STALE_SWEEP_BATCH_SIZE: .*\(got "many"\)$/),
        ]),
      );
      expect(issues).toHaveLength(3);
    });
  });
});
