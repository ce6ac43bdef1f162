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
  it('defaults to the demo traffic: 20 records/s, 2 % bad, 500 SKUs at every charter location', () => {
    const settings = simulatorSettings(loadConfig(simulatorConfigSchema, {}), charterLocations);
    expect(settings).toMatchObject({ inventoryRate: 20, badRecordShare: 0.02, seed: 1, erpPostingIntervalMs: 5000, erpDriftShare: 0.02 });
    expect(settings.skus).toHaveLength(500);
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

  it('numbers SKUs with five digits after the prefix', () => {
    expect(simulatedSku('SKU-', 42)).toBe('SKU-00042');
  });
});
