import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Charter } from '@concord/governance';
import { CHARTER } from '@concord/service-runtime';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config/customers.config';
import type { CrossReferenceKey } from '../domain/cross-reference';
import { FIELD_GOVERNANCE, type RejectedFieldWrite } from '../domain/merge-customer-fields';

/** The consumed event a rejected value came with. */
export interface EventReference {
  readonly source: string;
  readonly id: string;
}

/**
 * Non-owner values the charter did not let replace the held ones, kept for the owning team with the
 * charter's resolution deadline for OWNERSHIP_VIOLATION.
 */
@Injectable()
export class RejectedFieldWriteRepository {
  private readonly table: string;

  constructor(
    @Inject(CUSTOMERS_CONFIG) config: CustomersConfig,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {
    this.table = `"${config.CUSTOMERS_DB_SCHEMA}".rejected_field_writes`;
  }

  async insert(manager: EntityManager, customerId: string, from: CrossReferenceKey, event: EventReference, rejected: readonly RejectedFieldWrite[]): Promise<void> {
    if (rejected.length === 0) return;
    const now = new Date();
    const column = <T>(value: (write: RejectedFieldWrite) => T) => rejected.map(value);
    await manager.query(
      `INSERT INTO ${this.table} (customer_id, source_system, external_id, field, offered_value, held_value, held_source, owner, code, reason,
                                  owner_team, resolve_by, source_updated_at, charter_version, event_source, event_id)
       SELECT $1, $2, $3, field, offered_value, held_value, held_source, owner, code, reason, owner_team, resolve_by, source_updated_at, charter_version, $4, $5
       FROM unnest($6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::text[])
         AS rejected (field, offered_value, held_value, held_source, owner, code, reason, owner_team, resolve_by, source_updated_at, charter_version)`,
      [
        customerId,
        from.sourceSystem,
        from.externalId,
        event.source,
        event.id,
        column((write) => write.field),
        column((write) => JSON.stringify(write.offered)),
        column((write) => JSON.stringify(write.held)),
        column((write) => write.heldSource),
        column((write) => write.owner),
        column((write) => write.code),
        column((write) => write.reason),
        column((write) => this.charter.ownerTeamOf(FIELD_GOVERNANCE[write.field].domain)),
        column((write) => this.charter.resolutionDeadline(write.code, now)),
        column((write) => write.at),
        column((write) => write.charterVersion),
      ],
    );
  }
}
