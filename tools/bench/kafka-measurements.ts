import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol, type Admin, type Kafka, type KafkaMessage, type Message, type Producer } from 'kafkajs';
import { uniqueName } from '@concord/testing';

/** One sustained run: `events` produced as fast as possible, done when the consumer group committed them all. */
export interface SustainedRun {
  events: number;
  /** From the first send to the group's commit of the last partition end. */
  seconds: number;
  eventsPerSecond: number;
  /** How long producing alone took (the load generator's own ceiling). */
  produceSeconds: number;
  /** False when the phase timed out; the rate is then over what was committed by then. */
  complete: boolean;
  /** Inventory only: from the first send until the outbox had published every resulting event. */
  publishedSeconds?: number;
}

/** The offset after the last record of each partition. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
}

/** Creates those of `topics` that do not exist yet, with the broker's default partitions. */
export async function createMissingTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
}

/** Commits a new group's offsets at the topic's current end, so it consumes only what is produced next. */
export async function moveGroupToEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const ends = await endOffsets(admin, topic);
  await admin.setOffsets({ groupId, topic, partitions: [...ends].map(([partition, offset]) => ({ partition, offset: offset.toString() })) });
}

/** Records the group has committed beyond `from`, over all partitions. */
async function committedBeyond(admin: Admin, groupId: string, topic: string, from: Map<number, bigint>): Promise<Map<number, bigint>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(
    (committed?.partitions ?? []).map(({ partition, offset }) => {
      const at = BigInt(offset);
      const start = from.get(partition) ?? 0n;
      return [partition, at < start ? 0n : at - start];
    }),
  );
}

/** Produces every message as fast as the producer goes: `batchSize` per request, `inFlight` requests at a time. */
export async function produceAll(producer: Producer, topic: string, messages: readonly Message[], { batchSize = 1000, inFlight = 4 } = {}): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const batch = messages.slice(next, next + batchSize);
      next += batchSize;
      await producer.send({ topic, acks: -1, messages: batch });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/**
 * Produces `messages` as fast as possible and measures until `groupId` has committed the end of
 * every partition of `topic` (polled every 50 ms), or the deadline passes.
 */
export async function measureSustained(options: {
  admin: Admin;
  producer: Producer;
  groupId: string;
  topic: string;
  messages: readonly Message[];
  timeoutMs: number;
  /** Throws when the subject under test died: the run stops at once instead of at its timeout. */
  assertSubjectRunning: () => void;
}): Promise<SustainedRun> {
  const { admin, producer, groupId, topic, messages, timeoutMs, assertSubjectRunning } = options;
  const starts = await endOffsets(admin, topic);
  const t0 = performance.now();
  await produceAll(producer, topic, messages);
  const produceSeconds = (performance.now() - t0) / 1000;
  const targets = await endOffsets(admin, topic);
  const wanted = [...targets].reduce((sum, [partition, end]) => sum + (end - (starts.get(partition) ?? 0n)), 0n);
  for (;;) {
    assertSubjectRunning();
    const done = await committedBeyond(admin, groupId, topic, starts);
    const committed = [...done.values()].reduce((a, b) => a + b, 0n);
    const elapsed = performance.now() - t0;
    if (committed >= wanted) {
      const seconds = elapsed / 1000;
      return { events: messages.length, seconds, eventsPerSecond: messages.length / seconds, produceSeconds, complete: true };
    }
    if (elapsed > timeoutMs) {
      const seconds = elapsed / 1000;
      return { events: Number(committed), seconds, eventsPerSecond: Number(committed) / seconds, produceSeconds, complete: false };
    }
    await sleep(50);
  }
}

/**
 * Produces `ratePerSecond` messages per second for `seconds`: every few milliseconds, what the rate
 * owes by then, in one request. `make` builds the i-th message at the moment it is sent.
 */
export async function producePaced(
  producer: Producer,
  topic: string,
  { ratePerSecond, seconds }: { ratePerSecond: number; seconds: number },
  make: (index: number, now: number) => Message,
): Promise<number> {
  const total = Math.round(ratePerSecond * seconds);
  const start = Date.now();
  let sent = 0;
  while (sent < total) {
    const now = Date.now();
    const owed = Math.min(total, Math.floor(((now - start) / 1000) * ratePerSecond)) - sent;
    if (owed > 0) {
      const messages = Array.from({ length: owed }, (_, k) => make(sent + k, now));
      await producer.send({ topic, acks: -1, messages });
      sent += owed;
    }
    await sleep(2);
  }
  return sent;
}

/**
 * Reads `topic` from its current end in a group of its own and hands every batch to `onBatch` with
 * its arrival time. Resolves once the consumer has joined (so nothing produced next is missed or
 * delayed by the join), with a function that stops it.
 */
export async function tailFromEnd(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  onBatch: (messages: KafkaMessage[], arrivedAt: number) => void,
): Promise<() => Promise<void>> {
  const groupId = uniqueName('bench-tail');
  await moveGroupToEnd(admin, groupId, topic);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({ eachBatch: async ({ batch }) => onBatch(batch.messages, Date.now()) });
  await joined;
  return async () => {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  };
}

/** Polls `probe` every `intervalMs` until it returns true or `timeoutMs` passes; resolves with whether it held. */
export async function pollUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** Records in `topic` so far, over all partitions (the sum of the end offsets). */
export async function recordsIn(admin: Admin, topic: string): Promise<bigint> {
  return [...(await endOffsets(admin, topic)).values()].reduce((sum, end) => sum + end, 0n);
}

/**
 * Consumer groups, other than those `ours` accepts, with a member assigned a partition of one of
 * `topics` right now: on a shared stack, other services reading what the benchmark produces.
 */
export async function otherConsumerGroups(admin: Admin, topics: readonly string[], ours: (groupId: string) => boolean): Promise<string[]> {
  const { groups } = await admin.listGroups();
  const candidates = groups.filter((group) => group.protocolType === 'consumer' && !ours(group.groupId)).map((group) => group.groupId);
  if (candidates.length === 0) return [];
  const described = await admin.describeGroups(candidates);
  return described.groups
    .filter((group) =>
      group.members.some((member) => {
        if (!member.memberAssignment || member.memberAssignment.length === 0) return false;
        const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        return assignment !== null && Object.keys(assignment.assignment).some((topic) => topics.includes(topic));
      }),
    )
    .map((group) => group.groupId)
    .sort();
}

/**
 * Waits, looking every 5 s for at most `maxWaitMs`, until no consumer group but the benchmark's own
 * reads `topics`; resolves with the groups still reading them (none when the stack went quiet).
 */
export async function untilNoOtherConsumers(
  admin: Admin,
  topics: readonly string[],
  ours: (groupId: string) => boolean,
  maxWaitMs: number,
  onWait: (groups: readonly string[]) => void,
): Promise<string[]> {
  let others: string[] = [];
  let said = '';
  await pollUntil(async () => {
    others = await otherConsumerGroups(admin, topics, ours);
    if (others.length > 0 && others.join() !== said) onWait(others);
    said = others.join();
    return others.length === 0;
  }, maxWaitMs, 5000);
  return others;
}
