import type { StockReservationRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { StoredReservation } from '../database/reservation.repository';
import type { SkuState } from '../database/sku-state.repository';
import { aStockLevel, availabilityOf, charter, DAY, minutesAgo, noSplitCharter, NOW, request, seededRandom } from '../domain/__fixtures__/inventory-fixtures';
import { allocateReservation, type ReservationDecision } from '../domain/allocate-reservation';
import { heldQuantities, reservationFromDecision } from '../domain/reservation';
import { availableAt, mergeStockQuantities, reserveStock, type StockLevel } from '../domain/stock-level';
import { decideReservationChunk, type ReservationChunkInput, type ReservationChunkPlan, type ReservationOutcome } from './decide-reservation-chunk';

function aSkuState(sku: string, overrides: Partial<SkuState> = {}): SkuState {
  return {
    sku,
    velocityOverride: 'HIGH',
    createdAt: new Date(NOW.getTime() - 60 * DAY),
    lastPublished: null,
    lastSnapshotRequestedAt: null,
    velocityTier: null,
    status: null,
    unconfirmedReason: null,
    lastConfirmedAt: null,
    nextCheckAt: null,
    ...overrides,
  };
}

const stock = (sku: string, locationId: string, onHand: number, reserved = 0) => aStockLevel({ sku, locationId, onHand, reserved });

/** Reservation ids 'reservation-1', 'reservation-2', … in the order they are handed out. */
function sequentialIds(): () => string {
  let next = 0;
  return () => `reservation-${++next}`;
}

function decide(input: Partial<ReservationChunkInput> & Pick<ReservationChunkInput, 'requests' | 'levels'>): ReservationChunkPlan {
  const skus = new Set([...input.levels.map((level) => level.sku)]);
  return decideReservationChunk({
    stored: new Map(),
    states: [...skus].sort().map((sku) => aSkuState(sku)),
    recentOrders: new Map(),
    now: NOW,
    charter,
    newReservationId: sequentialIds(),
    ...input,
  });
}

function reserved(outcome: ReservationOutcome) {
  if (outcome.kind !== 'reserved') throw new Error(`expected reserved, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return outcome;
}

function rejected(outcome: ReservationOutcome) {
  if (outcome.kind !== 'rejected') throw new Error(`expected rejected, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return outcome;
}

const reservedOf = (plan: ReservationChunkPlan) => plan.levels.map(({ sku, locationId, onHand, reserved }) => ({ sku, locationId, onHand, reserved }));

describe('deciding a chunk of reservation requests', () => {
  describe('when two requests compete for the same units', () => {
    const levels = [stock('SKU-1', 'DC-EAST', 10)];

    it('gives the first what it asks for and rejects the second with what is left', () => {
      const plan = decide({ requests: [request([['SKU-1', 6]]), request([['SKU-1', 6]])], levels });

      expect(reserved(plan.outcomes[0]).decision.lines[0]).toMatchObject({ reservedQuantity: 6, allocations: [{ locationId: 'DC-EAST', quantity: 6 }] });
      expect(rejected(plan.outcomes[1]).decision).toMatchObject({
        reason: 'INSUFFICIENT_STOCK',
        shortfalls: [{ lineNumber: 1, sku: 'SKU-1', requestedQuantity: 6, availableQuantity: 4 }],
      });
      expect(reservedOf(plan)).toEqual([{ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 10, reserved: 6 }]);
      expect(plan.created.map((created) => created.reservation.reservationId)).toEqual(['reservation-1']);
    });

    it('back-orders what is left when the second allows back-orders', () => {
      const plan = decide({ requests: [request([['SKU-1', 6]]), request([['SKU-1', 6]], { allowBackorder: true })], levels });

      expect(reserved(plan.outcomes[1]).decision.lines).toEqual([
        { lineNumber: 1, sku: 'SKU-1', requestedQuantity: 6, reservedQuantity: 4, backorderedQuantity: 2, allocations: [{ locationId: 'DC-EAST', quantity: 4 }] },
      ]);
      expect(reservedOf(plan)).toEqual([{ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 10, reserved: 10 }]);
    });

    it('reserves nothing of an order with one line short, leaving its other lines’ stock to later requests', () => {
      const plan = decide({
        requests: [request([['SKU-1', 8]]), request([['SKU-2', 5], ['SKU-1', 5]]), request([['SKU-2', 5]])],
        levels: [stock('SKU-1', 'DC-EAST', 10), stock('SKU-2', 'DC-EAST', 5)],
      });

      expect(plan.outcomes.map((outcome) => outcome.kind)).toEqual(['reserved', 'rejected', 'reserved']);
      expect(reservedOf(plan).map((level) => level.reserved)).toEqual([8, 5]);
    });
  });

  describe('when the units are spread over warehouses', () => {
    const levels = [stock('SKU-1', 'DC-EAST', 5), stock('SKU-1', 'DC-CENTRAL', 5)];
    const requests = [request([['SKU-1', 3]]), request([['SKU-1', 6]]), request([['SKU-1', 2]])];

    it('splits a later order over what the earlier ones left where the charter allows it, and rejects the one that finds too little', () => {
      const plan = decide({ requests, levels });

      expect(reserved(plan.outcomes[0]).decision.lines[0].allocations).toEqual([{ locationId: 'DC-EAST', quantity: 3 }]);
      const split = reserved(plan.outcomes[1]).decision;
      expect(split.split).toBe(true);
      expect(split.lines[0].allocations).toEqual([
        { locationId: 'DC-EAST', quantity: 2 },
        { locationId: 'DC-CENTRAL', quantity: 4 },
      ]);
      expect(rejected(plan.outcomes[2]).decision.shortfalls).toEqual([{ lineNumber: 1, sku: 'SKU-1', requestedQuantity: 2, availableQuantity: 1 }]);
      expect(reservedOf(plan)).toEqual([
        { sku: 'SKU-1', locationId: 'DC-EAST', onHand: 5, reserved: 5 },
        { sku: 'SKU-1', locationId: 'DC-CENTRAL', onHand: 5, reserved: 4 },
      ]);
    });

    it('rejects the order no single warehouse can ship any more when the charter forbids splits', () => {
      const plan = decide({ requests, levels, charter: noSplitCharter });

      expect(reserved(plan.outcomes[0]).decision.lines[0].allocations).toEqual([{ locationId: 'DC-EAST', quantity: 3 }]);
      expect(rejected(plan.outcomes[1]).decision.reason).toBe('NO_ELIGIBLE_LOCATION');
      expect(reserved(plan.outcomes[2]).decision.lines[0].allocations).toEqual([{ locationId: 'DC-EAST', quantity: 2 }]);
    });
  });

  describe('when an order is asked for twice in the chunk', () => {
    it('answers the second from the first’s reservation, takes no more stock and counts the order once', () => {
      const first = request([['SKU-1', 4]]);
      const plan = decide({ requests: [first, { ...first }], levels: [stock('SKU-1', 'DC-EAST', 10)] });

      const { created } = reserved(plan.outcomes[0]);
      const again = plan.outcomes[1];
      if (again.kind !== 'asked-again') throw new Error(`expected asked-again, got ${again.kind}`);
      expect(again.stored).toMatchObject({ status: 'OPEN', reservedAt: NOW, reservation: created.reservation });
      expect(again.stored.reservedLines).toEqual(created.lines);
      expect(plan.created).toHaveLength(1);
      expect(reservedOf(plan)[0].reserved).toBe(4);
      expect(plan.demand).toEqual(new Map([['SKU-1', 1]]));
    });

    it('decides the second again when the first was rejected, as a redelivery handled on its own would be', () => {
      const first = request([['SKU-1', 20]]);
      const plan = decide({ requests: [first, { ...first, lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: 4 }] }], levels: [stock('SKU-1', 'DC-EAST', 10)] });

      expect(plan.outcomes.map((outcome) => outcome.kind)).toEqual(['rejected', 'reserved']);
      expect(plan.demand).toEqual(new Map([['SKU-1', 2]]));
    });
  });

  describe('when an order already has a stored reservation', () => {
    it('answers it from the stored one, counts no demand and leaves its SKUs alone', () => {
      const again = request([['SKU-1', 4]]);
      const stored: StoredReservation = {
        reservation: { reservationId: 'stored-1', orderId: again.orderId, lines: [] },
        status: 'RELEASED',
        reservedAt: minutesAgo(30),
        reservedLines: [],
      };
      const plan = decide({ requests: [again], levels: [stock('SKU-1', 'DC-EAST', 10)], stored: new Map([[again.orderId, stored]]) });

      expect(plan.outcomes).toEqual([{ kind: 'asked-again', stored }]);
      expect(plan.created).toEqual([]);
      expect(plan.demand.size).toBe(0);
      expect(plan.touched).toEqual([]);
    });
  });

  describe('when a request names a SKU inventory does not know', () => {
    it('rejects it with UNKNOWN_SKU, still counts its demand, and refreshes only the known SKUs', () => {
      const plan = decide({ requests: [request([['SKU-1', 1], ['SKU-X', 1]])], levels: [stock('SKU-1', 'DC-EAST', 10)] });

      expect(rejected(plan.outcomes[0]).decision.reason).toBe('UNKNOWN_SKU');
      expect(plan.demand).toEqual(new Map([['SKU-1', 1], ['SKU-X', 1]]));
      expect(plan.touched.map(({ state, lastRequest }) => [state.sku, lastRequest])).toEqual([['SKU-1', 0]]);
    });
  });

  describe('when the chunk’s own demand moves a SKU to a faster tier', () => {
    it('judges each request’s freshness by the tier the demand counted so far gives', () => {
      // Tracked for one day with 18 orders: the 19th makes MEDIUM (fresh for an hour), the 20th HIGH (five minutes).
      const state = aSkuState('SKU-1', { velocityOverride: null, createdAt: new Date(NOW.getTime() - DAY) });
      const levels = [aStockLevel({ sku: 'SKU-1', onHand: 10, lastApplied: { sourceSystem: 'WMS', sourceSequence: 1, occurredAt: minutesAgo(10) } })];
      const plan = decide({ requests: [request([['SKU-1', 1]]), request([['SKU-1', 1]])], levels, states: [state], recentOrders: new Map([['SKU-1', 18]]) });

      expect(plan.outcomes[0].kind).toBe('reserved');
      expect(rejected(plan.outcomes[1]).decision.reason).toBe('AVAILABILITY_UNCONFIRMED');
      expect(plan.touched.map(({ tier, lastRequest, levels: final }) => ({ tier, lastRequest, reserved: final[0].reserved }))).toEqual([
        { tier: 'HIGH', lastRequest: 1, reserved: 1 },
      ]);
    });
  });

  describe('for any chunk', () => {
    it('decides as handling its requests one by one would, and never reserves more than was available', () => {
      const random = seededRandom(7);
      const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
      const locations = ['DC-EAST', 'DC-CENTRAL', 'DC-WEST', 'DC-EU'];
      const seen = new Set<string>();
      for (let run = 0; run < 50; run++) {
        const rules: Charter = random.next() < 0.5 ? charter : noSplitCharter;
        const levels = skus.flatMap((sku) => locations.filter(() => random.next() < 0.7).map((locationId) => stock(sku, locationId, random.int(0, 8), random.int(0, 2))));
        const requests: StockReservationRequested[] = [];
        for (let index = 0; index < 30; index++) {
          if (requests.length > 0 && random.next() < 0.1) {
            requests.push({ ...random.pick(requests) }); // asked again
            continue;
          }
          const lineSkus = new Set(Array.from({ length: random.int(1, 3) }, () => (random.next() < 0.05 ? 'SKU-UNKNOWN' : random.pick(skus))));
          const lines = [...lineSkus].map((sku) => [sku, random.int(1, 5)] as const);
          requests.push(request(lines, { allowBackorder: random.next() < 0.3, shipToRegion: random.pick([null, 'US-WEST', 'EU']) }));
        }
        const states = skus.map((sku) => aSkuState(sku)); // tier HIGH throughout

        const chunk = decideReservationChunk({ requests, levels, stored: new Map(), states, recentOrders: new Map(), now: NOW, charter: rules, newReservationId: sequentialIds() });
        const oneByOne = decideOneByOne(requests, levels, rules);

        expect(chunk.outcomes.map(summary)).toEqual(oneByOne.outcomes);
        expect(chunk.levels).toEqual(oneByOne.levels);
        expect(chunk.demand).toEqual(oneByOne.demand);
        levels.forEach((before, index) => expect(chunk.levels[index].reserved - before.reserved).toBeLessThanOrEqual(availableAt(before)));
        for (const outcome of chunk.outcomes) seen.add(outcome.kind === 'rejected' ? outcome.decision.reason : outcome.kind === 'reserved' && outcome.decision.split ? 'split' : outcome.kind);
      }
      // The generated chunks cover every kind of answer.
      expect([...seen].sort()).toEqual(['AVAILABILITY_UNCONFIRMED', 'INSUFFICIENT_STOCK', 'NO_ELIGIBLE_LOCATION', 'UNKNOWN_SKU', 'asked-again', 'reserved', 'split'].sort());
    });
  });
});

type OutcomeSummary = { kind: 'asked-again'; reservationId: string } | { kind: 'reserved' | 'rejected'; decision: ReservationDecision };

function summary(outcome: ReservationOutcome): OutcomeSummary {
  return outcome.kind === 'asked-again' ? { kind: outcome.kind, reservationId: outcome.stored.reservation.reservationId } : { kind: outcome.kind, decision: outcome.decision };
}

/** What `execute` did before chunks were decided at once: each request alone against the stock the previous ones left (tier HIGH). */
function decideOneByOne(requests: readonly StockReservationRequested[], initial: readonly StockLevel[], rules: Charter) {
  let levels = initial;
  const newReservationId = sequentialIds();
  const reservationOf = new Map<string, string>();
  const demand = new Map<string, number>();
  const outcomes: OutcomeSummary[] = [];
  for (const request of requests) {
    const reservationId = reservationOf.get(request.orderId);
    if (reservationId !== undefined) {
      outcomes.push({ kind: 'asked-again', reservationId });
      continue;
    }
    for (const sku of new Set(request.lines.map((line) => line.sku))) demand.set(sku, (demand.get(sku) ?? 0) + 1);
    const decision = allocateReservation(request, availabilityOf(levels, { charter: rules, skus: ['SKU-1', 'SKU-2', 'SKU-3'] }), rules);
    if (decision.kind === 'reserved') {
      const reservation = reservationFromDecision(request, decision, newReservationId());
      levels = reserveStock(levels, mergeStockQuantities(heldQuantities(reservation)));
      reservationOf.set(request.orderId, reservation.reservationId);
    }
    if (decision.kind === 'invalid') throw new Error('the generated requests are valid');
    outcomes.push({ kind: decision.kind, decision });
  }
  return { outcomes, levels, demand };
}
