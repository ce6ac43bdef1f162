import { logLevel } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { loadConfig, serviceConfigSchema } from '@concord/config';
import { kafkaClientConfig } from './kafka-client-config';

const silent = pino({ level: 'silent' });
const configFrom = (env: NodeJS.ProcessEnv) => loadConfig(serviceConfigSchema(3001), env);

describe('kafkaClientConfig', () => {
  it('connects in plaintext without SASL by default (the local stack)', () => {
    const config = kafkaClientConfig(configFrom({}), 'inventory', silent);
    expect(config).toMatchObject({ clientId: 'inventory', brokers: ['127.0.0.1:9092'], ssl: false, sasl: undefined });
  });

  it('uses TLS and SCRAM when configured', () => {
    const config = kafkaClientConfig(
      configFrom({ KAFKA_BROKERS: 'b1:9093,b2:9093', KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'inventory', KAFKA_SASL_PASSWORD: 'pw' }),
      'inventory',
      silent,
    );
    expect(config).toMatchObject({ brokers: ['b1:9093', 'b2:9093'], ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'inventory', password: 'pw' } });
  });

  it('logs kafkajs lines as JSON at a level quieter than the service', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const config = kafkaClientConfig(configFrom({ LOG_LEVEL: 'info' }), 'inventory', pino({ level: 'info' }, sink));
    expect(config.logLevel).toBe(logLevel.WARN);

    const log = config.logCreator!(logLevel.WARN);
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 'x', logger: 'kafkajs', message: 'Connection error', broker: 'b1:9093' } });

    expect(lines).toEqual([expect.objectContaining({ level: 50, component: 'kafkajs', namespace: 'Connection', broker: 'b1:9093', msg: 'Connection error' })]);
  });
});
