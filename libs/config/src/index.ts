export { ConfigError, loadConfig, baseConfigSchema, serviceConfigSchema, type BaseConfig } from './load-config';
