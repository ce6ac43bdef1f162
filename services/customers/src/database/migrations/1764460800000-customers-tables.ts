import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers' own tables, in the service's schema (the messaging tables come first).
 *
 * - `customers`: the golden record per canonical customer id, with its lineage and version. Its row
 *   lock is the customer's mutex.
 * - `customer_cross_references`: the customer's id in each system (eCommerce "123", ERP "C123"); one
 *   customer per (system, id), at most one ERP id per customer.
 * - `customer_sync_requests`: CustomerSyncRequested sent to the ERP and whether it answered; at most
 *   one pending per customer and target.
 * - `customer_creation_requests`: every CustomerCreationRequested of the orders service and what became of it.
 * - `rejected_field_writes`: non-owner values the charter did not let replace the held ones (OWNERSHIP_VIOLATION).
 */
export class CustomersTables1764460800000 implements MigrationInterface {
  name = 'CustomersTables1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    const table = (name: string) => `"${schema}".${name}`;
    const systems = `('ERP', 'WMS', 'ECOMMERCE', 'CRM', 'PIM')`;

    await queryRunner.query(`
      CREATE TABLE ${table('customers')} (
        customer_id uuid PRIMARY KEY,
        name text NOT NULL CHECK (btrim(name) <> ''),
        contacts jsonb NOT NULL,
        billing_address jsonb,
        tax_id text,
        credit_limit_amount numeric(18, 4),
        open_receivables_amount numeric(18, 4),
        currency text CHECK (currency ~ '^[A-Z]{3}$'),
        payment_terms text,
        account_status text NOT NULL CHECK (account_status IN ('PROSPECT', 'ACTIVE', 'ON_HOLD', 'INACTIVE')),
        field_sources jsonb NOT NULL,
        version bigint NOT NULL CHECK (version >= 1),
        changed_at timestamptz NOT NULL,
        charter_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('customer_cross_references')} (
        source_system text NOT NULL CHECK (source_system IN ${systems}),
        external_id text NOT NULL,
        customer_id uuid NOT NULL REFERENCES ${table('customers')} (customer_id),
        linked_by text NOT NULL CHECK (linked_by IN ('CREATION_REQUEST', 'UPSERT', 'SYNC_ANSWER')),
        linked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (source_system, external_id)
      )`);
    await queryRunner.query(`CREATE INDEX customer_cross_references_customer ON ${table('customer_cross_references')} (customer_id, linked_at)`);
    // The orders service needs "the" ERP id of a customer.
    await queryRunner.query(`CREATE UNIQUE INDEX customer_cross_references_one_erp_id ON ${table('customer_cross_references')} (customer_id) WHERE source_system = 'ERP'`);

    await queryRunner.query(`
      CREATE TABLE ${table('customer_sync_requests')} (
        sync_request_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES ${table('customers')} (customer_id),
        target_system text NOT NULL CHECK (target_system IN ${systems}),
        reason text NOT NULL CHECK (reason IN ('NEW_CUSTOMER', 'CUSTOMER_UPDATED')),
        origin_system text NOT NULL CHECK (origin_system IN ${systems}),
        origin_external_id text NOT NULL,
        order_id uuid,
        status text NOT NULL CHECK (status IN ('PENDING', 'ANSWERED')),
        requested_at timestamptz NOT NULL,
        answered_at timestamptz,
        answered_external_id text,
        CHECK ((status = 'ANSWERED') = (answered_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX customer_sync_requests_one_pending ON ${table('customer_sync_requests')} (customer_id, target_system) WHERE status = 'PENDING'`,
    );

    await queryRunner.query(`
      CREATE TABLE ${table('customer_creation_requests')} (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL,
        source_system text NOT NULL,
        external_customer_id text NOT NULL,
        customer_id uuid NOT NULL REFERENCES ${table('customers')} (customer_id),
        outcome text NOT NULL CHECK (outcome IN ('CREATED', 'LINKED_BY_ID_RULE', 'ALREADY_IN_ERP', 'SYNC_PENDING', 'SYNC_REQUESTED')),
        requested_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_creation_requests_order ON ${table('customer_creation_requests')} (order_id)`);

    await queryRunner.query(`
      CREATE TABLE ${table('rejected_field_writes')} (
        id bigserial PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES ${table('customers')} (customer_id),
        source_system text NOT NULL,
        external_id text NOT NULL,
        field text NOT NULL,
        offered_value jsonb,
        held_value jsonb,
        held_source text NOT NULL,
        owner text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        owner_team text NOT NULL,
        resolve_by timestamptz NOT NULL,
        source_updated_at timestamptz NOT NULL,
        charter_version text NOT NULL,
        event_source text NOT NULL,
        event_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX rejected_field_writes_customer ON ${table('rejected_field_writes')} (customer_id, recorded_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    for (const name of ['rejected_field_writes', 'customer_creation_requests', 'customer_sync_requests', 'customer_cross_references', 'customers']) {
      await queryRunner.query(`DROP TABLE "${schema}".${name}`);
    }
  }
}
