import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import { eventDescriptor } from '@concord/messaging';
import type { EventName } from '@concord/contracts';
import { pollUntil } from '@concord/bench';

/** Per topic, per partition: an offset. */
export type TopicOffsets = Map<string, Map<number, bigint>>;

/** The offset after the last record of each partition of each topic. */
export async function endOffsetsOf(admin: Admin, topics: readonly string[]): Promise<TopicOffsets> {
  const offsets: TopicOffsets = new Map();
  for (const topic of topics) {
    const partitions = await admin.fetchTopicOffsets(topic);
    offsets.set(topic, new Map(partitions.map(({ partition, high }) => [partition, BigInt(high)])));
  }
  return offsets;
}

export const topicsOf = (events: readonly EventName[]) => events.map((event) => eventDescriptor(event).topic);

/** A consumer group's position on the topics whose traffic the load run waits for. */
export interface GroupPosition {
  groupId: string;
  /** Records produced since the run's start that the group has not committed yet. */
  lag: number;
  /** The committed offsets, as one comparable string: equal twice means nothing was consumed in between. */
  fingerprint: string;
}

/**
 * Where `groupId` stands on `topics`. The group started at the topics' end (KAFKA_NEW_GROUP_STARTS_AT=latest)
 * and had resolved that start before `since` was taken; it commits a partition only after consuming
 * from it: a partition it never committed counts from `since`, so every record produced after `since`
 * and not yet consumed is lag.
 */
export async function groupPosition(admin: Admin, groupId: string, topics: readonly string[], since: TopicOffsets): Promise<GroupPosition> {
  const ends = await endOffsetsOf(admin, topics);
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  let lag = 0n;
  const parts: string[] = [];
  for (const { topic, partitions } of committed) {
    for (const { partition, offset } of partitions) {
      const start = since.get(topic)?.get(partition) ?? 0n;
      const at = BigInt(offset) < 0n ? start : BigInt(offset) > start ? BigInt(offset) : start;
      const end = ends.get(topic)?.get(partition) ?? 0n;
      if (end > at) lag += end - at;
      parts.push(`${topic}/${partition}=${offset}`);
    }
  }
  return { groupId, lag: Number(lag), fingerprint: parts.sort().join(',') };
}

/** Waits until the group is Stable with at least one member: it has joined and been given its partitions. */
export async function waitForGroupMember(admin: Admin, groupId: string, timeoutMs: number, assertAlive: () => void): Promise<void> {
  const joined = await pollUntil(async () => {
    assertAlive();
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group?.state === 'Stable' && group.members.length > 0;
  }, timeoutMs, 250);
  if (!joined) throw new Error(`no consumer joined group ${groupId} within ${Math.round(timeoutMs / 1000)} s`);
}

/** The dead-letter topics of the run's groups (`<topic>.<group>.dlt`) and how many records each holds. */
export async function deadLetterCounts(admin: Admin, groupIds: readonly string[]): Promise<Array<{ topic: string; records: number }>> {
  const topics = (await admin.listTopics()).filter((topic) => groupIds.some((groupId) => topic.endsWith(`.${groupId}.dlt`)));
  const counts: Array<{ topic: string; records: number }> = [];
  for (const topic of topics.sort()) {
    const partitions = await admin.fetchTopicOffsets(topic);
    counts.push({ topic, records: partitions.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0) });
  }
  return counts;
}

/** A consumer group outside the run with members reading some of the given topics. */
export interface ForeignConsumer {
  groupId: string;
  topics: string[];
}

/**
 * The active consumer groups other than `ownGroups` assigned partitions of `topics`. They act on the
 * run's events too (the topics are shared): another inventory answers the run's reservation
 * requests, another orders service takes its orders — and their answers reach the run's services.
 */
export async function foreignConsumers(admin: Admin, topics: readonly string[], ownGroups: readonly string[]): Promise<ForeignConsumer[]> {
  const watched = new Set(topics);
  const own = new Set(ownGroups);
  const { groups } = await admin.listGroups();
  const candidates = groups.filter((group) => group.protocolType === 'consumer' && !own.has(group.groupId)).map((group) => group.groupId);
  const found: ForeignConsumer[] = [];
  for (let i = 0; i < candidates.length; i += 50) {
    const described = await admin.describeGroups(candidates.slice(i, i + 50));
    for (const group of described.groups) {
      if (group.state !== 'Stable' || group.members.length === 0) continue;
      const assigned = new Set<string>();
      for (const member of group.members) {
        const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        for (const topic of Object.keys(assignment?.assignment ?? {})) if (watched.has(topic)) assigned.add(topic);
      }
      if (assigned.size > 0) found.push({ groupId: group.groupId, topics: [...assigned].sort() });
    }
  }
  return found.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/** One dead-lettered record: where from, why, and its key (which names the SKU, order or customer it is about). */
export interface DeadLetter {
  topic: string;
  key: string;
  code: string;
  reason: string;
}

/**
 * Reads every record of the given dead-letter topics (one throwaway consumer for all of them),
 * keeping the key and the dlt_* headers the backbone writes. Stops when each topic's end is
 * reached, or after `timeoutMs` (then returns what it read).
 */
export async function readDeadLetters(kafka: Kafka, admin: Admin, topics: Array<{ topic: string; records: number }>, timeoutMs = 60_000): Promise<DeadLetter[]> {
  const wanted = topics.filter((t) => t.records > 0);
  if (wanted.length === 0) return [];
  const groupId = `load-dlt-reader-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const letters: DeadLetter[] = [];
  const header = (value: Buffer | string | (Buffer | string)[] | undefined) => (value === undefined ? '' : (Array.isArray(value) ? value[0] : value).toString());
  const total = wanted.reduce((sum, t) => sum + t.records, 0);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: wanted.map((t) => t.topic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        letters.push({ topic, key: message.key?.toString('utf8') ?? '', code: header(message.headers?.dlt_error_code), reason: header(message.headers?.dlt_reason) });
      },
    });
    await pollUntil(() => letters.length >= total, timeoutMs, 250);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return letters;
}

/** Removes the run's consumer groups and their dead-letter topics; what is already gone is fine. */
export async function deleteGroupsAndDeadLetters(admin: Admin, groupIds: readonly string[]): Promise<void> {
  const dlts = (await admin.listTopics()).filter((topic) => groupIds.some((groupId) => topic.endsWith(`.${groupId}.dlt`)));
  if (dlts.length > 0) await admin.deleteTopics({ topics: dlts }).catch(() => undefined);
  for (const groupId of groupIds) await admin.deleteGroups([groupId]).catch(() => undefined);
}
