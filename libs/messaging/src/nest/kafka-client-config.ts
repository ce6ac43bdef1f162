import { logLevel, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { BaseConfig } from '@concord/config';

/** The settings of the validated configuration that say how to reach the broker. */
export type KafkaConnectionConfig = Pick<
  BaseConfig,
  'KAFKA_BROKERS' | 'KAFKA_TLS' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'LOG_LEVEL'
>;

/**
 * The kafkajs client configuration: brokers, TLS (certificates verified against the system CAs),
 * SASL/SCRAM when a mechanism is configured, and kafkajs's own log lines routed into the service's
 * JSON log. The SASL password travels only inside this object; it is never logged.
 */
export function kafkaClientConfig(config: KafkaConnectionConfig, clientId: string, logger: Logger): KafkaConfig {
  return {
    clientId,
    brokers: config.KAFKA_BROKERS,
    ssl: config.KAFKA_TLS,
    sasl: saslOptions(config),
    logLevel: kafkaLogLevel(config.LOG_LEVEL),
    logCreator: jsonLogCreator(logger),
  };
}

function saslOptions(config: KafkaConnectionConfig): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (!mechanism) return undefined;
  // The configuration schema already requires both; this guards callers that build a config by hand.
  if (username === undefined || password === undefined) {
    throw new Error('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required when KAFKA_SASL_MECHANISM is set');
  }
  return { mechanism, username, password };
}

/** kafkajs is chatty at INFO (every join and rebalance); it logs a level quieter than the service. */
function kafkaLogLevel(level: BaseConfig['LOG_LEVEL']): logLevel {
  switch (level) {
    case 'trace':
      return logLevel.DEBUG;
    case 'debug':
      return logLevel.INFO;
    case 'info':
    case 'warn':
      return logLevel.WARN;
    default:
      return logLevel.ERROR;
  }
}

function jsonLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...rest } = log;
      const fields = { namespace, ...rest };
      if (level <= logLevel.ERROR) kafkaLogger.error(fields, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(fields, message);
      else if (level === logLevel.INFO) kafkaLogger.info(fields, message);
      else kafkaLogger.debug(fields, message);
    };
}
