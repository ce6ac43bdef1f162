import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Admin } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  brokerReadinessCheck,
  databaseReadinessCheck,
  READINESS_CHECKS,
  schemaRegistryReadinessCheck,
  type ReadinessCheck,
} from '@concord/observability';
import { KAFKA_ADMIN, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

/**
 * Puts the backbone's dependencies into the service's `/health/ready`: `database` (SELECT 1 on the
 * service's DataSource), `broker` (describeCluster on one reused admin client) and `schema-registry`
 * (GET /subjects). HealthModule holds one list of checks for the application; this adds to it.
 */
@Injectable()
export class MessagingReadiness implements OnModuleInit {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The three checks, each bounded by `readinessTimeoutMs`. */
  checks(): ReadinessCheck[] {
    const { config, readinessTimeoutMs } = this.options;
    const registryAuth =
      config.SCHEMA_REGISTRY_USERNAME !== undefined && config.SCHEMA_REGISTRY_PASSWORD !== undefined
        ? { username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD }
        : undefined;
    return [
      databaseReadinessCheck(this.dataSource, readinessTimeoutMs),
      brokerReadinessCheck(this.admin, readinessTimeoutMs),
      schemaRegistryReadinessCheck(config.SCHEMA_REGISTRY_URL, { auth: registryAuth, timeoutMs: readinessTimeoutMs }),
    ];
  }

  onModuleInit(): void {
    let checks: ReadinessCheck[];
    try {
      // HealthModule does not export the list; strict: false finds it in whichever module holds it.
      checks = this.moduleRef.get<ReadinessCheck[]>(READINESS_CHECKS, { strict: false });
    } catch {
      throw new Error('MessagingModule needs HealthModule.forRoot(...) in the application (for /health/ready and /metrics)');
    }
    for (const check of this.checks()) {
      if (!checks.some((existing) => existing.name === check.name)) checks.push(check);
    }
  }
}
