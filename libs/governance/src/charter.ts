import type Decimal from 'decimal.js';
import type { CharterDocument } from './charter.schema';
import {
  OWNED_DOMAINS,
  RECORD_TYPES,
  type DataDomain,
  type DomainField,
  type OwnedDomain,
  type PriceType,
  type PricingModel,
  type RecordCheck,
  type RecordType,
  type SellableStockSource,
  type SystemId,
  type VelocityTier,
} from './charter.vocabulary';
import { CustomerIdMapping } from './customer-id-mapping';
import { InventoryRouting } from './inventory-routing';
import { OrderPolicies } from './order-policies';
import { OwnershipRules, type DomainOwnership, type OwnershipException, type WriteDecision, type WriteRequest } from './ownership';
import { priceTypeOwnership } from './pricing-models';
import { QualityRules, type QualityViolation, type RecordStandard } from './quality-rules';
import { Targets } from './targets';
import { Thresholds } from './thresholds';

/**
 * The validated governance charter: who owns which data, what "correct" means, the thresholds,
 * targets and policies the services apply. Immutable; every decision it makes can be stamped
 * with `version`.
 */
export class Charter {
  /** The charter's version, e.g. "2026.11.1", to stamp on every decision it drives. */
  readonly version: string;
  readonly description?: string;
  readonly pricingModel: PricingModel;
  /** The system whose stock counts move sellable stock; the other's are recorded for reconciliation. */
  readonly sellableStockSource: SellableStockSource;
  /** The approved ownership exceptions, expired ones included (they no longer allow writes). */
  readonly exceptions: readonly OwnershipException[];
  readonly thresholds: Thresholds;
  readonly targets: Targets;
  readonly inventoryRouting: InventoryRouting;
  readonly orderPolicies: OrderPolicies;
  readonly customerIds: CustomerIdMapping;
  /** The teams that own data and work the error queue. */
  readonly teams: readonly string[];

  private readonly ownership: OwnershipRules;
  private readonly quality: QualityRules;
  private readonly ownerTeams: Readonly<Record<DataDomain, string>>;

  constructor(document: CharterDocument) {
    this.version = document.version;
    this.description = document.description;
    this.pricingModel = document.pricing.model;
    this.sellableStockSource = document.ownership.sellable_stock_source;
    this.exceptions = deepFreeze(
      document.exceptions.map(
        ({ system, domain, field, price_type, reason, approved_by, expires }): OwnershipException => ({
          system,
          domain,
          ...(field === undefined ? {} : { field }),
          ...(price_type === undefined ? {} : { priceType: price_type }),
          reason,
          approvedBy: approved_by,
          expires,
        }),
      ),
    );
    this.ownership = new OwnershipRules(
      document.version,
      deepFreeze(
        Object.fromEntries(
          OWNED_DOMAINS.map((domain): [OwnedDomain, DomainOwnership] => {
            const { owner, fields } = document.ownership.domains[domain];
            return [domain, { owner, fields: fields ?? {} }];
          }),
        ) as Record<OwnedDomain, DomainOwnership>,
      ),
      deepFreeze(priceTypeOwnership(document.pricing.model, document.ownership.price_types)),
      this.exceptions,
    );

    const { postal_codes: postalCodes } = document.quality;
    this.quality = new QualityRules(
      deepFreeze(
        Object.fromEntries(
          RECORD_TYPES.map((recordType): [RecordType, RecordStandard] => {
            const standard = document.quality[recordType];
            const checks = 'checks' in standard ? (standard.checks as readonly RecordCheck[]) : [];
            return [recordType, { required: standard.required, checks }];
          }),
        ) as Record<RecordType, RecordStandard>,
      ),
      deepFreeze({ unlistedCountries: postalCodes.unlisted_countries, patterns: postalCodes.patterns }),
    );

    const { thresholds, targets } = document;
    this.thresholds = new Thresholds(
      thresholds.price_change_approval_percent,
      thresholds.erp_pim_cost_variance_percent,
      thresholds.inventory_variance_percent,
      deepFreeze({ ...thresholds.inventory_freshness }),
      deepFreeze({ lookback: thresholds.velocity.lookback, minOrdersPerDay: { ...thresholds.velocity.min_orders_per_day } }),
    );
    this.targets = new Targets(
      targets.sync_success_rate_percent_above,
      targets.data_conflicts_per_day_below,
      targets.sync_lag_below,
      deepFreeze({ default: targets.quarantine_resolution.default, byErrorCode: targets.quarantine_resolution.by_error_code }),
    );

    this.teams = deepFreeze([...document.owner_teams.teams]);
    this.ownerTeams = deepFreeze({ ...document.owner_teams.by_domain });
    this.inventoryRouting = new InventoryRouting(deepFreeze(document.inventory_routing.locations), document.inventory_routing.allow_split_shipments);
    const policies = document.order_policies;
    this.orderPolicies = new OrderPolicies(policies.price_mismatch, policies.price_mismatch_tolerance, policies.insufficient_stock);
    this.customerIds = new CustomerIdMapping(
      deepFreeze(
        Object.fromEntries(
          Object.entries(document.customer_id_mapping).flatMap(([source, rule]) =>
            rule ? [[source, { externalIdPattern: rule.external_id_pattern, erpIdPrefix: rule.erp_id_prefix }]] : [],
          ),
        ),
      ),
    );
    Object.freeze(this);
  }

  /** The owning system of a data domain, or of one field of it (a field without its own owner has the domain's). */
  ownerOf<D extends OwnedDomain>(domain: D, field?: DomainField<D>): SystemId {
    return this.ownership.ownerOf(domain, field);
  }

  /** The owning system of a price type under the charter's pricing model and overrides. */
  priceTypeOwner(priceType: PriceType): SystemId {
    return this.ownership.priceTypeOwner(priceType);
  }

  /**
   * Whether `system` may make this write: yes for the owner, or for a system holding an approved
   * exception still in force at `at`; otherwise an OWNERSHIP_VIOLATION with the reason.
   */
  isWriteAllowed(request: WriteRequest): WriteDecision {
    return this.ownership.isWriteAllowed(request);
  }

  /** The fields a record type must have, as listed in the charter. */
  requiredFields(recordType: RecordType): readonly string[] {
    return this.quality.requiredFields(recordType);
  }

  /**
   * Every way `record` fails the quality standard of its type: missing required fields and the
   * type's checks (email, postal code, order lines, delivery date). Empty when it complies.
   */
  checkRequiredFields(recordType: RecordType, record: Readonly<Record<string, unknown>>): QualityViolation[] {
    return this.quality.checkRequiredFields(recordType, record);
  }

  /** Whether `postalCode` has the charter's format for `country` (ISO 3166-1 alpha-2). */
  postalCodeMatches(country: string, postalCode: string): boolean {
    return this.quality.postalCodeMatches(country, postalCode);
  }

  /** The team that owns a data domain's errors in the error queue. */
  ownerTeamOf(domain: DataDomain): string {
    return this.ownerTeams[domain];
  }

  /** When a record quarantined at `from` with `errorCode` must be resolved by. */
  resolutionDeadline(errorCode: string, from: Date): Date {
    return this.targets.resolutionDeadline(errorCode, from);
  }

  /** How old a SKU's stock data of this velocity tier may be, in milliseconds. */
  freshnessLimitMs(tier: VelocityTier): number {
    return this.thresholds.freshnessLimitMs(tier);
  }

  /** The velocity tier of a SKU with this average number of orders per day. */
  velocityTierFor(ordersPerDay: Decimal.Value): VelocityTier {
    return this.thresholds.velocityTierFor(ordersPerDay);
  }
}

// Decimals, dates and class instances are immutable by use or freeze themselves; only the plain
// containers built from the document are frozen here.
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
