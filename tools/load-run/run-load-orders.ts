// `npm run load:orders`: issue 5's load run — 100,000 orders from the simulator with 5 % bad data
// through inventory, customers and orders started from dist/ with schemas and consumer groups of
// the run's own; counts the outcomes in the database, checks them, prints a table and writes
// docs/load-run.md. Exit code 0 only when every check passed. Method: docs/load-run.md.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import type { EventName } from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import { stackEndpoints } from '@concord/testing';
import { buildServices, repositoryRoot, createMissingTopics, pollUntil } from '@concord/bench';
import { evaluateLoadRun, TRANSITIONAL_STATES, type LoadFigures, type OrderPolicies } from './load-checks';
import {
  backorderFigures,
  confirmedSkus,
  countRun,
  dropSchemas,
  foreignTraffic,
  ordersByState,
  pendingOutbox,
  readModelCounts,
  runOwnedKeys,
  runTiming,
  waitingOrders,
  type RunSchemas,
} from './load-database';
import {
  deadLetterCounts,
  deleteGroupsAndDeadLetters,
  endOffsetsOf,
  groupPosition,
  readDeadLetters,
  topicsOf,
  waitForGroupMember,
  foreignConsumers,
  type DeadLetter,
  type ForeignConsumer,
  type GroupPosition,
  type TopicOffsets,
} from './load-kafka';
import { allPassed, loadRunMarkdown, notesOf, terminalSummary, type LoadRunReport } from './load-report';
import { loadRunSettings, type LoadRunSettings } from './load-run-settings';
import { assertAlive, cpuSeconds, machineBusySeconds, runNames, startLoadService, waitUntilReady, type LoadService, type LoadServiceName } from './load-services';
import { countLogFile } from './service-logs';
import { SimulatorClient, type BurstStatus, type SimulatorStatus } from './simulator-client';

/** `npm run load:orders` with the LOAD_* settings this run was given, so the page says how to repeat it. */
function command(env: NodeJS.ProcessEnv): string {
  const given = Object.keys(env)
    .filter((name) => name.startsWith('LOAD_') && name !== 'LOAD_REPORT')
    .sort()
    .map((name) => `${name}=${/^[\w.,:/-]*$/.test(env[name] ?? '') ? env[name] : JSON.stringify(env[name])}`);
  return [...given, 'npm run load:orders'].join(' ');
}
const POLL_MS = 2000;
const PROGRESS_EVERY_MS = 15_000;
/**
 * Events another group acting on would answer back into the run (the topics are shared): another
 * orders service takes the storefront's orders and asks the run's inventory and customers, another
 * inventory answers the run's reservation requests, another customers service or simulator answers
 * its customer creations. The burst waits until no such group is active.
 */
const ANSWERED_BY_OTHERS: EventName[] = ['OrderPlaced', 'OrderCancelled', 'StockReservationRequested', 'StockReleaseRequested', 'CustomerCreationRequested', 'CustomerSyncRequested'];
/** How long orders may wait for stock with nothing in flight before the run calls them stuck. */
const STUCK_AFTER_MS = 60_000;
/** InventoryUpdated inventory may still have to consume when the burst starts (the WMS feed never stops). */
const FEED_LAG_BEFORE_BURST = 1000;

/**
 * The topics whose traffic each service's group must have consumed before the run counts: every
 * event of the order flow. Not the continuous feeds (InventoryUpdated from the WMS, snapshot
 * requests from inventory's freshness sweep), which never go quiet and decide no order's outcome.
 */
const WATCHED: Record<LoadServiceName, EventName[]> = {
  orders: ['OrderPlaced', 'OrderCancelled', 'StockReserved', 'StockReservationRejected', 'OrderPostedToErp', 'OrderShipped', 'OrderReturned', 'CustomerChanged'],
  inventory: ['StockReservationRequested', 'StockReleaseRequested', 'OrderShipped', 'OrderReturned'],
  customers: ['CustomerCreationRequested', 'CustomerUpserted'],
  simulator: ['OrderAccepted', 'CustomerSyncRequested', 'OrderCancellationRequested'],
};

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
}

function machine(): string {
  const cores = cpus();
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${osType()} ${release()}, Node ${process.versions.node}`;
}

/** `git f7051a4`, with a note when the working tree differs (the services are built from it). */
function codeVersion(): string | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return undefined;
  const dirty = git('status', '--porcelain', '--', 'services', 'libs').stdout.trim() !== '';
  return `git ${head.stdout.trim()}${dirty ? ' + uncommitted changes in services/ or libs/' : ''}`;
}

const elapsed = (since: number) => (performance.now() - since) / 1000;

interface RunContext {
  settings: LoadRunSettings;
  kafka: Kafka;
  runId: string;
  logDir: string;
  admin: Admin;
  db: Client;
  policies: OrderPolicies;
  services: LoadService[];
  /** Set on SIGINT/SIGTERM: the run stops waiting. */
  interrupted?: boolean;
}

/** The run proper: start, prime, burst, settle, count. Throws only when the run cannot even be counted. */
async function runLoad(ctx: RunContext): Promise<Omit<LoadRunReport, 'startedAt' | 'finishedAt' | 'command' | 'machine' | 'code'>> {
  const { settings, runId, logDir, admin, db } = ctx;
  // First wait for the others, then start: the run's services would otherwise take in a
  // benchmark's load meanwhile (and take its cores).
  const foreignWaitStarted = performance.now();
  await waitForNoForeignConsumers(ctx, ctx.settings.LOAD_FOREIGN_QUIET_S);
  let foreignWaitSeconds = elapsed(foreignWaitStarted);
  const setupStarted = performance.now();
  const setupTimeoutMs = settings.LOAD_SETUP_TIMEOUT_S * 1000;
  const aliveAll = () => ctx.services.forEach(assertAlive);

  const watchedTopics = [...new Set(Object.values(WATCHED).flatMap(topicsOf))];
  await createMissingTopics(admin, [...watchedTopics, ...topicsOf(['InventoryUpdated'])]);

  log(`starting inventory, customers and orders (schemas load_<service>_${runId.replace(/-/g, '_')}, logs in ${logDir})`);
  for (const name of ['inventory', 'customers', 'orders'] as const) ctx.services.push(await startLoadService(name, { runId, logDir, env: settings.LOAD_SERVICE_ENV }));
  await Promise.all(ctx.services.map((service) => waitUntilReady(service, setupTimeoutMs)));
  for (const service of ctx.services) await waitForGroupMember(admin, service.groupId, setupTimeoutMs, aliveAll);
  const since: TopicOffsets = await endOffsetsOf(admin, [...watchedTopics, ...topicsOf(['InventoryUpdated'])]);

  const skuPrefix = `LR${runId}-`;
  log(`starting the simulator (SKUs ${skuPrefix}00001…, ${settings.LOAD_CUSTOMER_COUNT} known customers)`);
  const simulator = await startLoadService('simulator', {
    runId,
    logDir,
    env: {
      ...settings.LOAD_SERVICE_ENV,
      SIMULATOR_SEED: String(settings.LOAD_SEED),
      SIMULATOR_SKU_PREFIX: skuPrefix,
      SIMULATOR_SKU_COUNT: String(settings.LOAD_SKU_COUNT),
      SIMULATOR_CUSTOMER_COUNT: String(settings.LOAD_CUSTOMER_COUNT),
      SIMULATOR_INVENTORY_RATE: String(settings.LOAD_WMS_WARMUP_RATE),
      // The 5 % bad data are the orders'. The WMS's bad records and the ERP's drifted bookings
      // (some of which break InventoryUpdated's sign rules, see docs/load-run.md) concern inventory
      // reconciliation, decide no order and would only fill the dead-letter topics.
      SIMULATOR_BAD_RECORD_SHARE: '0',
      SIMULATOR_ERP_DRIFT_SHARE: '0',
      SIMULATOR_ORDER_RATE: '0',
      SIMULATOR_REFERENCE_REFRESH_MS: '0',
    },
  });
  ctx.services.push(simulator);
  await waitUntilReady(simulator, setupTimeoutMs);
  await waitForGroupMember(admin, simulator.groupId, setupTimeoutMs, aliveAll);
  const client = new SimulatorClient(simulator.url);

  const schemas: RunSchemas = { orders: serviceOf(ctx, 'orders').schema, inventory: serviceOf(ctx, 'inventory').schema };
  let status = await client.status();
  const published = await pollUntil(async () => {
    aliveAll();
    status = await client.status();
    return status.referenceData.published >= 1;
  }, setupTimeoutMs, 500);
  if (!published) throw new Error('the simulator did not publish its reference data');
  const expected = {
    products: status.referenceData.sent.catalogStandIn['product-changed'],
    prices: status.referenceData.sent.pricingStandIn['price-changed'],
    customers: status.referenceData.knownCustomers,
  };
  log(`reference data published: ${expected.products} products, ${expected.prices} prices, ${expected.customers} known customers; waiting for the orders read models`);
  let models = await readModelCounts(db, schemas, skuPrefix);
  const modelsFilled = await pollUntil(async () => {
    aliveAll();
    models = await readModelCounts(db, schemas, skuPrefix);
    return models.products === expected.products && models.pricePoints === expected.prices && models.erpCustomers >= expected.customers;
  }, setupTimeoutMs, 1000);
  if (!modelsFilled) {
    throw new Error(
      `the orders read models did not fill within ${settings.LOAD_SETUP_TIMEOUT_S} s: ${models.products}/${expected.products} products, ` +
        `${models.pricePoints}/${expected.prices} price points, ${models.erpCustomers}/${expected.customers} customers with an ERP id`,
    );
  }
  log(`read models hold ${models.products} products, ${models.pricePoints} price points, ${models.erpCustomers} ERP customers; waiting for inventory to confirm ${status.inventory.skus} SKUs`);
  let confirmed = 0;
  const stocked = await pollUntil(async () => {
    aliveAll();
    confirmed = await confirmedSkus(db, schemas, skuPrefix);
    return confirmed >= status.inventory.skus;
  }, setupTimeoutMs, 1000);
  if (!stocked) {
    const failedSends = (await client.status()).inventory.failedSends;
    throw new Error(
      `inventory confirmed only ${confirmed} of ${status.inventory.skus} SKUs within ${settings.LOAD_SETUP_TIMEOUT_S} s; ` +
        `the simulator counts ${failedSends} failed sends, its last output:\n${simulator.process.recentOutput().slice(-1500)}`,
    );
  }
  await client.setInventoryRate(settings.LOAD_WMS_RATE);
  // The warm-up's InventoryUpdated backlog (WMS counts and the ERP's bookings of them) would make
  // the burst's reservations queue behind it in inventory's consumer: drained first.
  const inventory = serviceOf(ctx, 'inventory');
  const feed = topicsOf(['InventoryUpdated']);
  log(`stock confirmed for every SKU; WMS feed now ${settings.LOAD_WMS_RATE}/s; waiting for inventory to work off the warm-up's InventoryUpdated`);
  let feedLag = 0;
  const drained = await pollUntil(async () => {
    aliveAll();
    feedLag = (await groupPosition(admin, inventory.groupId, feed, since)).lag;
    return feedLag <= FEED_LAG_BEFORE_BURST;
  }, setupTimeoutMs, 1000);
  if (!drained) throw new Error(`inventory still had ${feedLag} InventoryUpdated to consume after ${settings.LOAD_SETUP_TIMEOUT_S} s`);
  const setupSeconds = elapsed(setupStarted);
  log(`set-up done after ${setupSeconds.toFixed(1)} s`);

  const burstRequest = {
    count: settings.LOAD_ORDERS,
    rate: settings.LOAD_RATE,
    badShare: settings.LOAD_BAD_SHARE,
    newCustomerShare: settings.LOAD_NEW_CUSTOMER_SHARE,
    cancelShare: settings.LOAD_CANCEL_SHARE,
  };
  // Again, briefly: someone may have started during the set-up.
  const secondWaitStarted = performance.now();
  await waitForNoForeignConsumers(ctx, Math.min(10, ctx.settings.LOAD_FOREIGN_QUIET_S));
  foreignWaitSeconds += elapsed(secondWaitStarted);

  // Where the burst's traffic starts on every watched partition. Taken now, long after the groups
  // joined, so every consumer has resolved its 'latest' start: a partition a group never commits
  // and that grows after this point holds a record the group has not consumed.
  const burstSince = await endOffsetsOf(admin, watchedTopics);
  log(`burst: ${JSON.stringify(burstRequest)}`);
  const cpuBefore = ctx.services.map(cpuSeconds);
  const machineBefore = machineBusySeconds();
  const started = await client.startBurst(burstRequest);
  const burstStarted = performance.now();
  const prefix = status.orders.externalOrderIdPrefix;
  const settled = await waitUntilSettled(ctx, client, schemas, { burstId: started.id, prefix, since: burstSince, deadlineMs: settings.LOAD_TIMEOUT_S * 1000 });
  const settleSeconds = elapsed(burstStarted);
  const cpuAfter = ctx.services.map(cpuSeconds);
  const machineAfter = machineBusySeconds();
  const cpu = {
    wallSeconds: settleSeconds,
    cores: cpus().length,
    services: ctx.services.map((service, i) => ({ service: service.name, seconds: (cpuAfter[i] ?? NaN) - (cpuBefore[i] ?? NaN) })),
    machineSeconds: machineAfter !== undefined && machineBefore !== undefined ? machineAfter - machineBefore : undefined,
  };
  status = settled.status;
  const burst = settled.burst;

  log('counting in the database');
  const counted = await countRun(db, schemas, { prefix, knownCustomers: status.referenceData.knownCustomers });
  const letters = await readDeadLetters(ctx.kafka, admin, await deadLetterCounts(admin, ctx.services.map((service) => service.groupId)));
  const owned = await runOwnedKeys(db, schemas, { prefix, skuPrefix }, letters.map((letter) => letter.key));
  const deadLetters = summarizeDeadLetters(letters, owned);
  const foreign = await foreignTraffic(db, schemas, prefix);
  const checks = evaluateLoadRun({ requested: settings.LOAD_ORDERS, sent: burst.sent, cancellationsSent: status.orders.cancellations.sent, ...counted, deadLetters }, ctx.policies);
  const timing = await runTiming(db, schemas, prefix);
  const backorders = await backorderFigures(db, schemas, prefix);
  const decideSeconds = timing ? (timing.lastDecidedAt.getTime() - timing.firstPlacedAt.getTime()) / 1000 : 0;
  return {
    runId,
    settings: {
      orders: settings.LOAD_ORDERS,
      ratePerSecond: settings.LOAD_RATE,
      badShare: settings.LOAD_BAD_SHARE,
      newCustomerShare: settings.LOAD_NEW_CUSTOMER_SHARE,
      cancelShare: settings.LOAD_CANCEL_SHARE,
      skus: status.inventory.skus,
      customers: status.referenceData.knownCustomers,
      wmsRate: settings.LOAD_WMS_RATE,
      seed: settings.LOAD_SEED,
      serviceEnv: Object.entries(settings.LOAD_SERVICE_ENV).map(([name, value]) => `${name}=${value}`).join(' '),
    },
    policies: ctx.policies,
    setupSeconds,
    foreignWaitSeconds,
    burst: {
      sendSeconds: burst.finishedAt ? (Date.parse(burst.finishedAt) - Date.parse(burst.startedAt)) / 1000 : elapsed(burstStarted),
      settleSeconds,
      sent: burst.sent,
      cancellationsSent: status.orders.cancellations.sent,
    },
    outcomes: counted.outcomes,
    timing: timing && {
      decideSeconds,
      decidedPerSecond: (burst.sent.total ?? 0) / Math.max(decideSeconds, 0.001),
      decided: timing.decided,
      accepted: timing.accepted,
    },
    backorders,
    peakBacklog: settled.peakBacklog,
    foreign: { ...foreign, deadLetters: deadLetters.foreign, consumers: settled.foreignConsumers },
    cpu,
    checks,
    problem: settled.problem,
  };
}

/**
 * Waits (up to LOAD_FOREIGN_WAIT_S) until no group outside the run has consumed what it would answer
 * back into the run for `quietSeconds` in a row — a benchmark between two phases is not gone.
 */
async function waitForNoForeignConsumers(ctx: RunContext, quietSeconds: number): Promise<void> {
  const own = ctx.services.map((service) => service.groupId);
  const topics = topicsOf(ANSWERED_BY_OTHERS);
  const quietMs = quietSeconds * 1000;
  let seen: ForeignConsumer[] = [];
  let clearSince: number | undefined;
  let lastLog = 0;
  const clear = await pollUntil(async () => {
    if (ctx.interrupted) throw new Error('interrupted');
    ctx.services.forEach(assertAlive);
    seen = await foreignConsumers(ctx.admin, topics, own);
    clearSince = seen.length > 0 ? undefined : (clearSince ?? Date.now());
    if (seen.length > 0 && Date.now() - lastLog > 60_000) {
      lastLog = Date.now();
      log(`waiting for other consumers of the order flow's topics to leave: ${describeForeign(seen)}`);
    }
    return clearSince !== undefined && Date.now() - clearSince >= quietMs;
  }, ctx.settings.LOAD_FOREIGN_WAIT_S * 1000, 2000);
  if (!clear) {
    throw new Error(
      `no ${quietSeconds} s without other consumer groups on the order flow's topics within LOAD_FOREIGN_WAIT_S=${ctx.settings.LOAD_FOREIGN_WAIT_S}; they would answer the run's events: ${describeForeign(seen) || '(gone just now)'}`,
    );
  }
}

const describeForeign = (groups: readonly ForeignConsumer[]) => groups.map((group) => `${group.groupId} (${group.topics.join(', ')})`).join('; ');

/** Dead letters about the run by topic and code (with an example), and how many were about others' records. */
function summarizeDeadLetters(letters: readonly DeadLetter[], owned: ReadonlySet<string>): LoadFigures['deadLetters'] {
  const own = new Map<string, { topic: string; code: string; records: number; example: string }>();
  let foreign = 0;
  for (const letter of letters) {
    if (!owned.has(letter.key)) {
      foreign++;
      continue;
    }
    const id = `${letter.topic}|${letter.code}`;
    const entry = own.get(id) ?? { topic: letter.topic, code: letter.code, records: 0, example: `${letter.key}: ${letter.reason}` };
    entry.records++;
    own.set(id, entry);
  }
  return { own: [...own.values()], foreign };
}

function serviceOf(ctx: RunContext, name: LoadServiceName): LoadService {
  const service = ctx.services.find((s) => s.name === name);
  if (!service) throw new Error(`the ${name} service was not started`);
  return service;
}

/**
 * Polls until the burst is sent, every order of it is stored and settled and the pipeline is quiet,
 * or the deadline passes (then `problem` says what was still open, and the run is counted as it is).
 */
async function waitUntilSettled(
  ctx: RunContext,
  client: SimulatorClient,
  schemas: RunSchemas,
  run: { burstId: string; prefix: string; since: TopicOffsets; deadlineMs: number },
): Promise<{ status: SimulatorStatus; burst: BurstStatus; peakBacklog: { unstored: number; unsettled: number }; foreignConsumers: ForeignConsumer[]; problem?: string }> {
  const { admin, db } = ctx;
  const deadline = Date.now() + run.deadlineMs;
  const peakBacklog = { unstored: 0, unsettled: 0 };
  const groups = ctx.services.map((service) => ({ service, topics: topicsOf(WATCHED[service.name]) }));
  const positions = () => Promise.all(groups.map(({ service, topics }) => groupPosition(admin, service.groupId, topics, run.since)));
  const outboxSchemas = ctx.services.map((service) => service.schema);
  let lastProgress = 0;
  let sendDoneLogged = false;
  const foreign = new Map<string, ForeignConsumer>();
  let stuckSince: number | undefined;
  const foreignTopics = topicsOf(ANSWERED_BY_OTHERS);
  const ownGroups = ctx.services.map((service) => service.groupId);
  for (;;) {
    if (ctx.interrupted) throw new Error('interrupted');
    ctx.services.forEach(assertAlive);
    const status = await client.status();
    const burst = status.orders.burst;
    if (!burst || burst.id !== run.burstId) throw new Error(`the simulator no longer reports burst ${run.burstId}`);
    const byState = await ordersByState(db, schemas, run.prefix);
    const stored = Object.values(byState).reduce((s, v) => s + v, 0);
    const unsettled = TRANSITIONAL_STATES.reduce((s, state) => s + (byState[state] ?? 0), 0);
    peakBacklog.unstored = Math.max(peakBacklog.unstored, (burst.sent.total ?? 0) - stored);
    peakBacklog.unsettled = Math.max(peakBacklog.unsettled, unsettled);
    const simulatorIdle =
      status.orders.cancellations.pending === 0 && status.erp.pending['order-posted'] === 0 && status.erp.pending['customer-upserted'] === 0 && status.wms.pending['order-shipped'] === 0;
    if (burst.state === 'done' && !sendDoneLogged) {
      sendDoneLogged = true;
      log(`burst sent: ${burst.sent.total} orders`);
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      for (const group of await foreignConsumers(admin, foreignTopics, ownGroups)) {
        if (foreign.has(group.groupId)) continue;
        foreign.set(group.groupId, group);
        log(`another consumer group reads the order flow's topics during the burst, its answers may reach the run: ${describeForeign([group])}`);
      }
      const lag = (await positions()).reduce((s, p) => s + p.lag, 0);
      log(
        `sent ${burst.sent.total}/${burst.requested}, stored ${stored}, unsettled ${unsettled} — ${Object.entries(byState)
          .map(([state, count]) => `${state} ${count}`)
          .join(', ')}; cancellations pending ${status.orders.cancellations.pending}, ERP/WMS pending ${status.erp.pending['order-posted'] + status.erp.pending['customer-upserted'] + status.wms.pending['order-shipped']}, consumer lag ${lag}`,
      );
    }
    const foreignConsumersSeen = [...foreign.values()];
    if (burst.state === 'stopped') return { status, burst, peakBacklog, foreignConsumers: foreignConsumersSeen, problem: 'the simulator stopped the burst before it was sent' };
    // Orders waiting for stock while nothing is in flight anywhere will never be answered: say so
    // with the evidence instead of waiting for the deadline. (Waiting customers are different: the
    // orders service's sweep holds them once ORDERS_CUSTOMER_WAIT has passed.)
    if (burst.state === 'done' && simulatorIdle && stored === burst.sent.total && (byState.AWAITING_STOCK ?? 0) > 0) {
      const quiet = await quietPipeline(positions, () => pendingOutbox(db, outboxSchemas), client);
      stuckSince = quiet === true ? (stuckSince ?? Date.now()) : undefined;
      if (stuckSince !== undefined && Date.now() - stuckSince >= STUCK_AFTER_MS) {
        const evidence = await waitingOrders(db, schemas, run.prefix);
        return {
          status,
          burst,
          peakBacklog,
          foreignConsumers: foreignConsumersSeen,
          problem: `${byState.AWAITING_STOCK} orders wait in AWAITING_STOCK with nothing in flight for ${STUCK_AFTER_MS / 1000} s (no consumer lag, no outbox row, nothing scheduled): their reservation was never answered. E.g. ${evidence.join(' | ')}`,
        };
      }
    }
    if (burst.state === 'done' && simulatorIdle && stored === burst.sent.total && unsettled === 0) {
      const quiet = await quietPipeline(positions, () => pendingOutbox(db, outboxSchemas), client);
      if (quiet === true) {
        log(`settled: ${stored} orders, pipeline quiet`);
        return { status: await client.status(), burst, peakBacklog, foreignConsumers: foreignConsumersSeen };
      }
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) log(`every order settled; waiting for a quiet pipeline (${quiet})`);
    }
    if (Date.now() > deadline) {
      const evidence = unsettled > 0 ? ` E.g. ${(await waitingOrders(db, schemas, run.prefix)).join(' | ')}` : '';
      return {
        status,
        burst,
        peakBacklog,
        foreignConsumers: foreignConsumersSeen,
        problem: `not settled within LOAD_TIMEOUT_S=${ctx.settings.LOAD_TIMEOUT_S}: burst ${burst.state}, ${burst.sent.total} sent, ${stored} stored, ${unsettled} in a transitional state, simulator ${simulatorIdle ? 'idle' : 'still sending'}.${evidence}`,
      };
    }
    await sleep(POLL_MS);
  }
}

/**
 * Nothing in flight anywhere: every group's lag on its watched topics is 0 before and after the
 * outbox and simulator reads, with the same committed offsets (so nothing was consumed meanwhile),
 * no outbox row pending, and no ERP/WMS answer or cancellation still scheduled in the simulator.
 * Returns true, or what is still moving.
 */
async function quietPipeline(positions: () => Promise<GroupPosition[]>, outbox: () => Promise<number>, client: SimulatorClient): Promise<true | string> {
  const before = await positions();
  const pending = await outbox();
  const status = await client.status();
  const after = await positions();
  const lagging = after.filter((p) => p.lag > 0).map((p) => `${p.groupId} lag ${p.lag}`);
  if (before.some((p) => p.lag > 0) || lagging.length > 0) return lagging.join(', ') || 'consumer lag';
  if (before.some((p, i) => p.fingerprint !== after[i].fingerprint)) return 'offsets moved';
  if (pending > 0) return `${pending} outbox rows pending`;
  const scheduled = status.orders.cancellations.pending + status.erp.pending['order-posted'] + status.erp.pending['customer-upserted'] + status.wms.pending['order-shipped'];
  if (scheduled > 0) return `${scheduled} simulator records scheduled`;
  return true;
}

async function main(): Promise<void> {
  const settings = loadRunSettings(process.env);
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  const logDir = join(repositoryRoot, '.concord', 'load-run', runId);
  mkdirSync(logDir, { recursive: true });
  const code = codeVersion();
  log(`load run ${runId} on ${machine()}${code ? `, ${code}` : ''}`);
  const charter = loadCharter(resolveCharterPath(undefined));
  const policies: OrderPolicies = { priceMismatch: charter.orderPolicies.priceMismatch, insufficientStock: charter.orderPolicies.insufficientStock };
  if (!settings.LOAD_SKIP_BUILD) buildServices();

  const endpoints = stackEndpoints();
  const kafka = new Kafka({ clientId: 'concord-load-run', brokers: endpoints.kafkaBrokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const db = new Client({ connectionString: endpoints.databaseUrl });
  await Promise.all([admin.connect(), db.connect()]);
  const ctx: RunContext = { settings, kafka, runId, logDir, admin, db, policies, services: [] };

  let cleanup: Promise<void> | undefined;
  const cleanUp = () =>
    (cleanup ??= (async () => {
      log('stopping the services');
      // The simulator first: it sends what it still owes on shutdown, to consumers still running.
      await Promise.allSettled(ctx.services.filter((s) => s.name === 'simulator').map((s) => s.process.stop()));
      await Promise.allSettled(ctx.services.filter((s) => s.name !== 'simulator').map((s) => s.process.stop()));
      const names = (['inventory', 'customers', 'orders', 'simulator'] as const).map((name) => runNames(name, runId));
      if (settings.LOAD_KEEP_STATE) {
        log(`LOAD_KEEP_STATE=1: schemas ${names.map((n) => n.schema).join(', ')} and groups kept`);
      } else {
        await dropSchemas(db, names.map((n) => n.schema)).catch((error: unknown) => log(`could not drop the schemas: ${String(error)}`));
        await deleteGroupsAndDeadLetters(admin, names.map((n) => n.groupId)).catch((error: unknown) => log(`could not delete the groups: ${String(error)}`));
        log('schemas, consumer groups and dead-letter topics of the run removed');
      }
      await Promise.allSettled([admin.disconnect(), db.end()]);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      ctx.interrupted = true;
      log(`${signal}: cleaning up (again to kill)`);
      process.once(signal, () => {
        for (const service of ctx.services) service.process.child.kill('SIGKILL');
        process.exit(130);
      });
      void cleanUp().finally(() => process.exit(130));
    });
  }

  let report: LoadRunReport;
  try {
    const measured = await runLoad(ctx);
    report = { ...measured, startedAt, finishedAt: new Date(), command: command(process.env), machine: machine(), code };
  } finally {
    await cleanUp();
  }
  // Read once the processes have stopped, so the logs are complete.
  report.logs = ctx.services.map((service) => ({ service: service.name, entries: countLogFile(join(logDir, `${service.name}.log`)) }));
  console.log(`\n${terminalSummary(report)}\n`);
  writeFileSync(join(logDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (settings.LOAD_REPORT !== '-') {
    const page = join(repositoryRoot, settings.LOAD_REPORT);
    writeFileSync(page, loadRunMarkdown(report, existsSync(page) ? notesOf(readFileSync(page, 'utf8')) : undefined));
    log(`written to ${settings.LOAD_REPORT}; results and process logs in ${logDir}`);
  }
  process.exitCode = allPassed(report) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
