import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders' own tables, in the service's schema (the messaging tables come first).
 *
 * - `order_intake`: one row per (source system, external order id) ever seen, placed or only
 *   cancelled. Its row lock serialises an order's OrderPlaced and OrderCancelled (two topics, two
 *   consumers), remembers a cancellation that came first, and counts duplicates.
 * - `orders`, `order_lines`: the orders, their state and what was decided; the lines as placed, with
 *   the governed price once priced and the reservation once accepted.
 * - `order_state_history`: every state change (and every refused or late fact), never updated.
 * - `order_movements`: shipments and returns seen, so a re-sent one counts once.
 * - `products`, `customers`, `customer_cross_references`, `price_points`: read models fed by
 *   ProductChanged, CustomerChanged and PriceChanged; newer wins.
 */
export class OrdersTables1764374400000 implements MigrationInterface {
  name = 'OrdersTables1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    const table = (name: string) => `"${schema}".${name}`;
    const states = `'AWAITING_CUSTOMER', 'AWAITING_STOCK', 'ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED', 'HELD', 'REJECTED', 'CANCELLED'`;

    await queryRunner.query(`
      CREATE TABLE ${table('order_intake')} (
        source_system text NOT NULL,
        external_order_id text NOT NULL,
        order_id uuid UNIQUE,
        early_cancellation jsonb,
        duplicates integer NOT NULL DEFAULT 0,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_system, external_order_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('orders')} (
        order_id uuid PRIMARY KEY,
        source_system text NOT NULL,
        external_order_id text NOT NULL,
        channel text NOT NULL,
        external_customer_id text NOT NULL,
        new_customer jsonb,
        currency text NOT NULL,
        requested_delivery_date date,
        ship_to jsonb NOT NULL,
        purchase_order_number text,
        placed_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN (${states})),
        stock_status text NOT NULL CHECK (stock_status IN ('NONE', 'REQUESTED', 'RESERVED', 'REFUSED', 'RELEASE_REQUESTED')),
        customer_id uuid,
        erp_customer_id text,
        expected_erp_customer_id text,
        customer_wait_deadline timestamptz,
        hold_reason text,
        hold_issues jsonb,
        hold_owner_team text,
        hold_review_deadline timestamptz,
        held_at timestamptz,
        rejection_issues jsonb,
        reservation_id uuid,
        total_amount numeric(18, 4),
        accepted_at timestamptz,
        erp_order_number text,
        cancelled_at timestamptz,
        cancel_reason text,
        charter_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_one_per_external_order UNIQUE (source_system, external_order_id),
        CHECK ((state = 'AWAITING_CUSTOMER') = (customer_wait_deadline IS NOT NULL)),
        CHECK (state <> 'HELD' OR hold_reason IS NOT NULL)
      )`);
    // The sweep's and the CustomerChanged wake-up's look-ups, and the held list.
    await queryRunner.query(`CREATE INDEX orders_customer_wait_deadline ON ${table('orders')} (customer_wait_deadline) WHERE state = 'AWAITING_CUSTOMER'`);
    await queryRunner.query(`CREATE INDEX orders_waiting_by_source_customer ON ${table('orders')} (source_system, external_customer_id) WHERE state = 'AWAITING_CUSTOMER'`);
    await queryRunner.query(`CREATE INDEX orders_waiting_by_erp_customer ON ${table('orders')} (expected_erp_customer_id) WHERE state = 'AWAITING_CUSTOMER'`);
    await queryRunner.query(`CREATE INDEX orders_held ON ${table('orders')} (hold_review_deadline, order_id) WHERE state = 'HELD'`);

    await queryRunner.query(`
      CREATE TABLE ${table('order_lines')} (
        order_id uuid NOT NULL REFERENCES ${table('orders')} (order_id),
        line_number integer NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL,
        shown_unit_price numeric(18, 4) NOT NULL,
        unit_price numeric(18, 4),
        applied_price_type text,
        price_change_id uuid,
        price_mismatch boolean,
        backordered_quantity integer CHECK (backordered_quantity >= 0),
        allocations jsonb,
        line_amount numeric(18, 4),
        PRIMARY KEY (order_id, line_number)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('order_state_history')} (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES ${table('orders')} (order_id),
        from_state text CHECK (from_state IN (${states})),
        to_state text NOT NULL CHECK (to_state IN (${states})),
        reason text NOT NULL,
        trigger text NOT NULL,
        detail jsonb,
        actor text NOT NULL,
        event_id text,
        charter_version text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX order_state_history_order ON ${table('order_state_history')} (order_id, id)`);

    await queryRunner.query(`
      CREATE TABLE ${table('order_movements')} (
        kind text NOT NULL CHECK (kind IN ('SHIPMENT', 'RETURN')),
        source_system text NOT NULL,
        reference text NOT NULL,
        order_id uuid NOT NULL REFERENCES ${table('orders')} (order_id),
        location_id text NOT NULL,
        lines jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, source_system, reference)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('products')} (
        sku text PRIMARY KEY,
        status text NOT NULL,
        name text,
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        charter_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE ${table('customers')} (
        customer_id uuid PRIMARY KEY,
        name text NOT NULL,
        account_status text NOT NULL,
        cross_references jsonb NOT NULL,
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        charter_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ${table('customer_cross_references')} (
        source_system text NOT NULL,
        external_id text NOT NULL,
        customer_id uuid NOT NULL REFERENCES ${table('customers')} (customer_id),
        PRIMARY KEY (source_system, external_id, customer_id)
      )`);
    await queryRunner.query(`CREATE INDEX customer_cross_references_customer ON ${table('customer_cross_references')} (customer_id)`);

    await queryRunner.query(`
      CREATE TABLE ${table('price_points')} (
        id bigserial PRIMARY KEY,
        sku text NOT NULL,
        price_type text NOT NULL,
        currency text NOT NULL,
        channel text,
        region text,
        customer_id uuid,
        min_quantity integer,
        valid_from timestamptz,
        valid_to timestamptz,
        amount numeric(18, 4) NOT NULL CHECK (amount > 0),
        price_change_id uuid NOT NULL,
        source_system text NOT NULL,
        changed_at timestamptz NOT NULL,
        charter_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT price_points_identity UNIQUE NULLS NOT DISTINCT (sku, price_type, currency, channel, region, customer_id, min_quantity, valid_from)
      )`);
    await queryRunner.query(`CREATE INDEX price_points_sku ON ${table('price_points')} (sku, currency)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    for (const name of ['price_points', 'customer_cross_references', 'customers', 'products', 'order_movements', 'order_state_history', 'order_lines', 'orders', 'order_intake']) {
      await queryRunner.query(`DROP TABLE "${schema}".${name}`);
    }
  }
}
