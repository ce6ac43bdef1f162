import type { InventorySnapshotRequested, InventoryUpdated } from '@concord/contracts';
import type { WarehouseSimulation } from '../inventory/warehouse-simulation';
import type { SimulatedSystem } from '../inventory/source-records';

export type SnapshotAnswerPlan = { answeredBy: SimulatedSystem; counts: InventoryUpdated[] } | { ignored: string };

/**
 * How the simulated source systems answer an InventorySnapshotRequested: the system it is addressed
 * to counts the SKU — the WMS its shelves, the ERP its books — at the requested location or at
 * every location, each count quoting the request id. Requests for another system, a SKU the
 * warehouses do not stock, or a location that is not theirs are ignored, as a real WMS would not
 * know them (and so that a simulator with its own SKUs, e.g. in a test, never counts another's).
 */
export function planSnapshotAnswer(request: InventorySnapshotRequested, model: WarehouseSimulation, now: Date): SnapshotAnswerPlan {
  const { targetSystem, sku, locationId, requestId } = request;
  if (targetSystem !== 'WMS' && targetSystem !== 'ERP') return { ignored: `addressed to ${targetSystem}, which is not simulated here` };
  if (!model.stocks(sku)) return { ignored: `SKU ${sku} is not stocked by the simulated warehouses` };
  if (locationId !== null && !model.hasLocation(locationId)) return { ignored: `location ${locationId} is not a simulated warehouse` };
  const counts = targetSystem === 'WMS' ? model.countsFor(sku, locationId, now) : model.perpetualCountsFor(sku, locationId, now);
  return { answeredBy: targetSystem, counts: counts.map((count) => ({ ...count, reference: `${targetSystem}-COUNT-FOR-${requestId}` })) };
}
