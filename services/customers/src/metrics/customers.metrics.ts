import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY, TransactionalMetrics } from '@concord/observability';

/**
 * Customers' business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits (TransactionalMetrics): the
 * consumer may roll a chunk back and run it again, and a rejected field must not be counted once per attempt.
 */
@Injectable()
export class CustomersMetrics extends TransactionalMetrics {
  /** Canonical customers created, by the system of the id they were created for. */
  readonly customersCreated: Counter<'source_system'>;
  /** CustomerChanged written to the outbox: created, merged (fields), linked (a new id), republished (unchanged, for a waiting order). */
  readonly customerChanges: Counter<'cause'>;
  readonly syncRequests: Counter<'target_system' | 'reason'>;
  /** CustomerUpserted that answered a sync request (linked the target's id). */
  readonly syncAnswers: Counter<'source_system'>;
  readonly creationRequests: Counter<'outcome'>;
  /** Non-owner values not applied (OWNERSHIP_VIOLATION): the data conflicts of the customer domains. */
  readonly rejectedFieldWrites: Counter<'source_system' | 'field'>;
  /** Values older than the one the same system supplied before (ignored). */
  readonly staleFieldValues: Counter<'source_system' | 'field'>;
  /** CustomerUpserted that changed nothing (no CustomerChanged). */
  readonly unchangedUpserts: Counter<'source_system'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, dataSource: DataSource) {
    super(registry, dataSource);
    this.customersCreated = this.counter('concord_customers_created_total', 'Canonical customers created', ['source_system']);
    this.customerChanges = this.counter('concord_customers_changed_published_total', 'CustomerChanged events written to the outbox', ['cause']);
    this.syncRequests = this.counter('concord_customers_sync_requests_total', 'CustomerSyncRequested events written to the outbox', ['target_system', 'reason']);
    this.syncAnswers = this.counter('concord_customers_sync_answers_total', 'CustomerUpserted events that answered a sync request', ['source_system']);
    this.creationRequests = this.counter('concord_customers_creation_requests_total', 'CustomerCreationRequested events handled, by outcome', ['outcome']);
    this.rejectedFieldWrites = this.counter(
      'concord_customers_rejected_field_writes_total',
      'Values of a system that does not own the field, not applied (OWNERSHIP_VIOLATION)',
      ['source_system', 'field'],
    );
    this.staleFieldValues = this.counter('concord_customers_stale_field_values_total', 'Values older than the one the same system supplied before', ['source_system', 'field']);
    this.unchangedUpserts = this.counter('concord_customers_unchanged_upserts_total', 'CustomerUpserted events that changed nothing', ['source_system']);
  }
}
