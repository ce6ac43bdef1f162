export { Charter } from './charter';
export { CharterError, type CharterIssue } from './charter.errors';
export type { CharterDocument, Expiry } from './charter.schema';
export {
  DATA_DOMAINS,
  INSUFFICIENT_STOCK_POLICIES,
  OWNED_DOMAINS,
  OWNED_DOMAIN_FIELDS,
  PRICE_MISMATCH_POLICIES,
  PRICE_TYPES,
  PRICING_MODELS,
  RECORD_CHECKS,
  RECORD_TYPES,
  SELLABLE_STOCK_SOURCES,
  SYSTEMS,
  VELOCITY_TIERS,
  type DataDomain,
  type DomainField,
  type InsufficientStockPolicy,
  type OwnedDomain,
  type PriceMismatchPolicy,
  type PriceType,
  type PricingModel,
  type RecordCheck,
  type RecordType,
  type SellableStockSource,
  type SystemId,
  type VelocityTier,
} from './charter.vocabulary';
export { CustomerIdMapping, type CustomerIdMappingResult, type CustomerIdRule } from './customer-id-mapping';
export type { Duration } from './duration';
export { InventoryRouting, type StockLocation } from './inventory-routing';
export { DEFAULT_CHARTER_PATH, loadCharter, parseCharter } from './load-charter';
export { OrderPolicies } from './order-policies';
export type { DomainOwnership, OwnershipException, WriteDecision, WriteRequest } from './ownership';
export { PRICING_MODEL_PRESETS, type PriceTypeOwnership } from './pricing-models';
export { isValidEmail, type QualityViolation, type QualityViolationCode, type RecordStandard } from './quality-rules';
export { Targets, type QuarantineResolution } from './targets';
export { Thresholds, variancePercent } from './thresholds';
