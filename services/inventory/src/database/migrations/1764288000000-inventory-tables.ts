import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory's own tables, in the service's schema (the messaging tables come first).
 *
 * - `sku_state`: one row per SKU inventory knows. Its row lock is the SKU's mutex: every
 *   transaction that reads-then-writes a SKU's stock locks this row first (see StockLockRepository).
 * - `stock_levels`: sellable stock per SKU and location, moved only by the source of truth.
 * - `non_authoritative_updates`: InventoryUpdated of the other system, kept for reconciliation.
 * - `sku_daily_demand`: reservation requests per SKU and day, for velocity tiers.
 * - `reservations`, `reservation_lines`, `reservation_allocations`: what each order holds.
 * - `shipments`, `order_returns`: WMS movements seen, so a re-sent one is applied once.
 */
export class InventoryTables1764288000000 implements MigrationInterface {
  name = 'InventoryTables1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    const table = (name: string) => `"${schema}".${name}`;

    await queryRunner.query(`
      CREATE TABLE ${table('sku_state')} (
        sku text PRIMARY KEY,
        velocity_override text CHECK (velocity_override IN ('HIGH', 'MEDIUM', 'SLOW')),
        velocity_tier text CHECK (velocity_tier IN ('HIGH', 'MEDIUM', 'SLOW')),
        status text CHECK (status IN ('CONFIRMED', 'UNCONFIRMED')),
        unconfirmed_reason text CHECK (unconfirmed_reason IN ('STALE', 'NO_DATA')),
        last_confirmed_at timestamptz,
        next_check_at timestamptz,
        last_published jsonb,
        published_sequence bigint NOT NULL DEFAULT 0,
        last_snapshot_requested_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // What the staleness sweep looks for: SKUs whose freshness (or snapshot request) is due.
    await queryRunner.query(`CREATE INDEX sku_state_next_check ON ${table('sku_state')} (next_check_at) WHERE next_check_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX sku_state_unconfirmed ON ${table('sku_state')} (sku) WHERE status = 'UNCONFIRMED'`);

    await queryRunner.query(`
      CREATE TABLE ${table('stock_levels')} (
        sku text NOT NULL REFERENCES ${table('sku_state')} (sku),
        location_id text NOT NULL,
        on_hand integer NOT NULL CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        last_source_system text,
        last_source_sequence bigint,
        last_occurred_at timestamptz,
        last_charter_version text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id),
        CHECK ((last_source_system IS NULL) = (last_source_sequence IS NULL) AND (last_source_system IS NULL) = (last_occurred_at IS NULL))
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('non_authoritative_updates')} (
        id bigserial PRIMARY KEY,
        event_source text NOT NULL,
        event_id text NOT NULL,
        source_system text NOT NULL,
        source_of_truth text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        kind text NOT NULL,
        adjustment_reason text,
        quantity integer NOT NULL,
        source_sequence bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        reference text,
        charter_version text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_source, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX non_authoritative_updates_sku ON ${table('non_authoritative_updates')} (sku, location_id, source_sequence)`);

    await queryRunner.query(`
      CREATE TABLE ${table('sku_daily_demand')} (
        sku text NOT NULL,
        day date NOT NULL,
        orders integer NOT NULL CHECK (orders >= 0),
        PRIMARY KEY (sku, day)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('reservations')} (
        reservation_id uuid PRIMARY KEY,
        order_id uuid NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('OPEN', 'RELEASED', 'SHIPPED')),
        split boolean NOT NULL,
        ship_to_region text,
        charter_version text NOT NULL,
        reserved_at timestamptz NOT NULL,
        release_reason text,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ${table('reservation_lines')} (
        reservation_id uuid NOT NULL REFERENCES ${table('reservations')} (reservation_id),
        line_number integer NOT NULL,
        sku text NOT NULL,
        requested_quantity integer NOT NULL CHECK (requested_quantity > 0),
        reserved_quantity integer NOT NULL CHECK (reserved_quantity >= 0),
        backordered_quantity integer NOT NULL CHECK (backordered_quantity >= 0),
        PRIMARY KEY (reservation_id, line_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${table('reservation_allocations')} (
        reservation_id uuid NOT NULL,
        line_number integer NOT NULL,
        location_id text NOT NULL,
        reserved_quantity integer NOT NULL CHECK (reserved_quantity > 0),
        held_quantity integer NOT NULL CHECK (held_quantity >= 0 AND held_quantity <= reserved_quantity),
        PRIMARY KEY (reservation_id, line_number, location_id),
        FOREIGN KEY (reservation_id, line_number) REFERENCES ${table('reservation_lines')} (reservation_id, line_number)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('shipments')} (
        source_system text NOT NULL,
        shipment_id text NOT NULL,
        order_id uuid NOT NULL,
        location_id text NOT NULL,
        lines jsonb NOT NULL,
        consumed jsonb NOT NULL,
        unreserved jsonb NOT NULL,
        shipped_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_system, shipment_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${table('order_returns')} (
        source_system text NOT NULL,
        return_id text NOT NULL,
        order_id uuid NOT NULL,
        location_id text NOT NULL,
        awaiting_source_return jsonb NOT NULL,
        not_restocked jsonb NOT NULL,
        reason text,
        returned_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_system, return_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    for (const name of [
      'order_returns',
      'shipments',
      'reservation_allocations',
      'reservation_lines',
      'reservations',
      'sku_daily_demand',
      'non_authoritative_updates',
      'stock_levels',
      'sku_state',
    ]) {
      await queryRunner.query(`DROP TABLE "${schema}".${name}`);
    }
  }
}
