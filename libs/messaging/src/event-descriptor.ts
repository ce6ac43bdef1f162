import type { Type } from 'avsc';

/**
 * Everything the messaging layer needs to know about one event type: where it travels and how it
 * is encoded. Services get descriptors from the contracts catalog (`eventDescriptor('OrderPlaced')`);
 * tests build them for their own unique topics.
 */
export interface EventDescriptor<T = unknown> {
  /** Catalog name, e.g. `OrderPlaced`. */
  name: string;
  topic: string;
  /** Registry subject, `<topic>-value` (TopicNameStrategy). */
  subject: string;
  /** CloudEvents type, e.g. `concord.orders.OrderPlaced.v1`. */
  ceType: string;
  /** The .avsc text registered under `subject`. */
  schemaText: string;
  /** avsc type built with Concord's logical types; the reader schema when consuming. */
  type: Type;
  /** The Kafka key and `ce_subject` of a payload: the aggregate id. */
  keyOf(payload: T): string;
  /** Phantom field carrying the payload type. */
  readonly __payload?: T;
}

export type PayloadOf<D> = D extends EventDescriptor<infer T> ? T : never;
