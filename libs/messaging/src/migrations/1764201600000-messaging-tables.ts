import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox and the processed-event (idempotency) record, in the service's schema.
 * Every service that uses @concord/messaging lists this migration first.
 */
export class MessagingTables1764201600000 implements MigrationInterface {
  name = 'MessagingTables1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        value bytea NOT NULL,
        headers jsonb NOT NULL,
        traceparent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_pending ON "${schema}".outbox (id) WHERE sent_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".processed_events (
        consumer_group text NOT NULL,
        source text NOT NULL,
        event_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, source, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema: string }).schema;
    await queryRunner.query(`DROP TABLE "${schema}".processed_events`);
    await queryRunner.query(`DROP TABLE "${schema}".outbox`);
  }
}
