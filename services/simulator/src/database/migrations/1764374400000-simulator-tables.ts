import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The simulator's own table, in its schema (the messaging tables come first).
 *
 * - `scheduled_records`: what the simulated ERP and WMS will send once it is due — OrderPostedToErp,
 *   OrderShipped, CustomerUpserted — encoded, with the trace of the record that caused it. Written
 *   in the transaction that consumes the cause, so an answer is scheduled exactly once and survives
 *   a restart; deleted once the broker has acknowledged it.
 */
export class SimulatorTables1764374400000 implements MigrationInterface {
  name = 'SimulatorTables1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".scheduled_records (
        id uuid PRIMARY KEY,
        due_at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('order-posted', 'order-shipped', 'customer-upserted')),
        order_id text,
        topic text NOT NULL,
        message_key text NOT NULL,
        value bytea NOT NULL,
        ce_source text NOT NULL,
        ce_type text NOT NULL,
        traceparent text,
        scheduled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX scheduled_records_due ON "${schema}".scheduled_records (due_at)`);
    await queryRunner.query(`CREATE INDEX scheduled_records_order ON "${schema}".scheduled_records (order_id) WHERE order_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`DROP TABLE "${schema}".scheduled_records`);
  }
}
