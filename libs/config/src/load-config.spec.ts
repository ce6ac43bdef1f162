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

  describe('Kafka security and registry auth', () => {
    const issuesOf = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig(schema, env);
        return [];
      } catch (error) {
        return (error as ConfigError).issues;
      }
    };

    it('is off by default: no TLS, no SASL, no registry auth', () => {
      const config = loadConfig(schema, {});
      expect(config.KAFKA_TLS).toBe(false);
      expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
      expect(config.SCHEMA_REGISTRY_USERNAME).toBeUndefined();
    });

    it('reads SCRAM credentials and TLS', () => {
      const config = loadConfig(schema, {
        KAFKA_TLS: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'inventory',
        KAFKA_SASL_PASSWORD: 's3cret',
      });
      expect(config).toMatchObject({ KAFKA_TLS: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'inventory', KAFKA_SASL_PASSWORD: 's3cret' });
    });

    it('treats an empty value as unset, as deployment templates write it', () => {
      expect(loadConfig(schema, { KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '' }).KAFKA_SASL_MECHANISM).toBeUndefined();
    });

    describe('when a SASL mechanism is set without a username', () => {
      it('names KAFKA_SASL_USERNAME', () => {
        expect(issuesOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
          'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set',
        ]);
      });
    });

    describe('when credentials are set without a mechanism', () => {
      it('names KAFKA_SASL_MECHANISM', () => {
        expect(issuesOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
          expect.stringMatching(/^KAFKA_SASL_MECHANISM: required when KAFKA_SASL_USERNAME is set/),
        ]);
      });
    });

    it('rejects a mechanism Concord does not speak, naming the choices', () => {
      expect(issuesOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
        'KAFKA_SASL_MECHANISM: expected scram-sha-256 or scram-sha-512 (got "plain")',
      ]);
    });

    it('rejects a KAFKA_TLS that is not true or false', () => {
      expect(issuesOf({ KAFKA_TLS: 'yes' })).toEqual(['KAFKA_TLS: expected true or false (got "yes")']);
    });

    it('needs both registry credentials or neither', () => {
      expect(issuesOf({ SCHEMA_REGISTRY_USERNAME: 'u' })).toEqual(['SCHEMA_REGISTRY_PASSWORD: required when SCHEMA_REGISTRY_USERNAME is set']);
      expect(issuesOf({ SCHEMA_REGISTRY_PASSWORD: 'p' })).toEqual(['SCHEMA_REGISTRY_USERNAME: required when SCHEMA_REGISTRY_PASSWORD is set']);
    });

    it('reports a missing companion together with unrelated bad values', () => {
      expect(issuesOf({ HTTP_PORT: 'abc', KAFKA_SASL_MECHANISM: 'scram-sha-256' }).map((issue) => issue.split(':')[0]).sort()).toEqual([
        'HTTP_PORT',
        'KAFKA_SASL_PASSWORD',
        'KAFKA_SASL_USERNAME',
      ]);
    });
  });

  describe('when an error concerns a secret', () => {
    it('never shows a password, nor the password inside a URL', () => {
      const schemaWithSecret = schema.extend({ API_TOKEN: z.string().min(40) });
      const message = issuesText(() => loadConfig(schemaWithSecret, { API_TOKEN: 'short-token-value', DATABASE_URL: 'mysql://app:hunter2@db/x' }));
      expect(message).not.toMatch(/short-token-value|hunter2/);
      expect(message).toContain('API_TOKEN:');
      expect(message).toContain('(got "mysql://app:***@db/x")');
    });
  });

  it('reads CHARTER_PATH when set', () => {
    expect(loadConfig(schema, { CHARTER_PATH: '/etc/concord/charter.yaml' }).CHARTER_PATH).toBe('/etc/concord/charter.yaml');
    expect(loadConfig(schema, {}).CHARTER_PATH).toBeUndefined();
  });
});

function issuesText(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
