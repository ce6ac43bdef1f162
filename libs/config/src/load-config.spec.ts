import { z } from 'zod';
import { ConfigError, loadConfig, serviceConfigSchema } from './load-config';

describe('loadConfig', () => {
  const schema = serviceConfigSchema(3001);

  it('fills defaults that point at the local stack', () => {
    const config = loadConfig(schema, {});
    expect(config.HTTP_PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.SCHEMA_REGISTRY_URL).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });

  it('splits a broker list', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9092' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
  });

  describe('when a value is invalid', () => {
    it('names the variable and the value it got', () => {
      expect(() => loadConfig(schema, { HTTP_PORT: 'abc' })).toThrow(/HTTP_PORT: .*\(got "abc"\)/);
    });

    it('reports every bad variable at once', () => {
      try {
        loadConfig(schema, { HTTP_PORT: '70000', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost' });
        throw new Error('expected a ConfigError');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const fields = (error as ConfigError).issues.map((issue) => issue.split(':')[0]);
        expect(fields.sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS']);
      }
    });
  });

  it('validates service-specific fields with the same messages', () => {
    const extended = schema.extend({ INVENTORY_SOURCE_OF_TRUTH: z.enum(['WMS', 'ERP']) });
    expect(() => loadConfig(extended, {})).toThrow(/INVENTORY_SOURCE_OF_TRUTH/);
  });
});
