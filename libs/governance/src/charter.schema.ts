import Decimal from 'decimal.js';
import { z } from 'zod';
import {
  DATA_DOMAINS,
  INSUFFICIENT_STOCK_POLICIES,
  OWNED_DOMAINS,
  OWNED_DOMAIN_FIELDS,
  PRICE_MISMATCH_POLICIES,
  PRICE_TYPES,
  PRICING_MODELS,
  RECORD_CHECKS,
  SELLABLE_STOCK_SOURCES,
  SYSTEMS,
  type OwnedDomain,
  type SystemId,
} from './charter.vocabulary';
import { minutes, parseIsoDuration, type Duration } from './duration';
import { priceTypeOwnership } from './pricing-models';

// The schema mirrors the YAML file key for key (snake_case). Every object is strict, so a
// misspelt key is an error that lists the keys allowed at that place. Rules that relate
// values to each other are refinements on the smallest object that holds them, so they still
// run when an unrelated section of the file is broken.

/** A mapping that accepts only the given keys; the error for any other key lists them. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `allowed: ${allowed}` : undefined),
  });
}

/** A mapping from some of the given keys to values; other keys are errors listing the allowed ones. */
function someOf<const Keys extends readonly [string, ...string[]], Value extends z.ZodType>(keys: Keys, value: Value) {
  return z.partialRecord(z.enum(keys), value, {
    // Records report unknown enum keys as unrecognized_keys, which their issue type leaves out.
    error: (issue) => ((issue.code as string) === 'unrecognized_keys' ? `allowed: ${keys.join(', ')}` : undefined),
  });
}

/** Reports a value that has to be present but is not, or that has the wrong form. */
function parsePresent<T>(value: unknown, ctx: z.RefinementCtx, parse: (value: unknown) => T | undefined, expected: string) {
  if (value === undefined || value === null) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  const parsed = parse(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: expected, input: value });
    return z.NEVER;
  }
  return parsed;
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * An exact decimal: a string like "10.5" or an integer. YAML floats are refused because
 * 0.1 + 0.2 must not decide whether a price change needs approval.
 */
function exactDecimal(bounds: { min?: number; above?: number; max?: number } = {}) {
  return z.unknown().transform((value, ctx): Decimal => {
    const decimal = parsePresent(
      value,
      ctx,
      (raw) =>
        (typeof raw === 'number' && Number.isSafeInteger(raw)) || (typeof raw === 'string' && DECIMAL_TEXT.test(raw))
          ? new Decimal(raw)
          : undefined,
      'expected an exact decimal: a quoted string like "10.5" or an integer',
    );
    if (decimal === z.NEVER) return z.NEVER;
    const problem =
      bounds.min !== undefined && decimal.lessThan(bounds.min)
        ? `must be at least ${bounds.min}`
        : bounds.above !== undefined && decimal.lessThanOrEqualTo(bounds.above)
          ? `must be greater than ${bounds.above}`
          : bounds.max !== undefined && decimal.greaterThan(bounds.max)
            ? `must be at most ${bounds.max}`
            : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, input: value });
      return z.NEVER;
    }
    return decimal;
  });
}

const percent = exactDecimal({ min: 0 });

/** A positive ISO-8601 duration (`PT30M`, `P2D`) or a positive whole number of minutes. */
const duration = z.unknown().transform((value, ctx): Duration =>
  parsePresent(
    value,
    ctx,
    (raw) =>
      typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0
        ? minutes(raw)
        : typeof raw === 'string'
          ? parseIsoDuration(raw)
          : undefined,
    'expected an ISO-8601 duration like "PT30M" or "P2D" (weeks, days, hours, minutes, seconds) or a whole number of minutes',
  ),
);

/** The first instant at which something is no longer valid. */
export interface Expiry {
  /** As written in the charter. */
  readonly text: string;
  readonly at: Date;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseExpiry(raw: unknown): Expiry | undefined {
  if (typeof raw !== 'string') return undefined;
  const dateOnly = DATE_ONLY.exec(raw);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    const start = new Date(Date.UTC(year, month - 1, day));
    if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) return undefined;
    // A date means "valid through that day" (UTC), which is how approvers write it.
    return { text: raw, at: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
  }
  const instant = DATE_TIME.test(raw) ? new Date(raw) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? { text: raw, at: instant } : undefined;
}

const expiry = z
  .unknown()
  .transform((value, ctx): Expiry =>
    parsePresent(value, ctx, parseExpiry, 'expected a date like "2027-03-31" or an ISO-8601 instant with a zone'),
  );

const text = z.string({ error: 'expected text' }).trim().min(1, 'must not be blank');
const system = z.enum(SYSTEMS);

const regexPattern = z.string({ error: 'expected a regular expression as text' }).refine((pattern) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression');

function kebabCase(what: string) {
  return z.string({ error: `expected ${what}` }).regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `expected ${what} in kebab-case`);
}

function duplicates<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

// ---------------------------------------------------------------------------------------------
// ownership and exceptions

function domainOwnership(domain: OwnedDomain) {
  const fields: readonly string[] = OWNED_DOMAIN_FIELDS[domain];
  const allowed = fields.length > 0 ? fields.join(', ') : `none; ${domain} is owned as a whole`;
  return section({
    owner: system,
    fields: z.record(z.string(), system).optional(),
  }).superRefine((ownership, ctx) => {
    for (const field of Object.keys(ownership.fields ?? {})) {
      if (!fields.includes(field)) {
        ctx.addIssue({ code: 'custom', path: ['fields', field], message: `unknown key (allowed: ${allowed})` });
      }
    }
  });
}

const ownership = section({
  sellable_stock_source: z.enum(SELLABLE_STOCK_SOURCES),
  domains: section({
    product_master: domainOwnership('product_master'),
    product_enrichment: domainOwnership('product_enrichment'),
    customer_contact: domainOwnership('customer_contact'),
    customer_account: domainOwnership('customer_account'),
    inventory_physical: domainOwnership('inventory_physical'),
    inventory_perpetual: domainOwnership('inventory_perpetual'),
  }),
  price_types: someOf(PRICE_TYPES, system).default({}),
}).superRefine((ownership, ctx) => {
  // Sellable stock must come from the system that keeps a stock balance of its own.
  const source = ownership.sellable_stock_source;
  const { inventory_physical: physical, inventory_perpetual: perpetual } = ownership.domains;
  if (physical.owner !== source && perpetual.owner !== source) {
    ctx.addIssue({
      code: 'custom',
      path: ['sellable_stock_source'],
      message: `${source} owns neither inventory_physical (${physical.owner}) nor inventory_perpetual (${perpetual.owner})`,
    });
  }
});

const exception = section({
  system,
  domain: z.enum([...OWNED_DOMAINS, 'pricing']),
  field: text.optional(),
  price_type: z.enum(PRICE_TYPES).optional(),
  reason: text,
  approved_by: text,
  expires: expiry,
}).superRefine((exception, ctx) => {
  if (exception.domain === 'pricing') {
    if (exception.price_type === undefined) {
      ctx.addIssue({ code: 'custom', path: ['price_type'], message: 'is required for a pricing exception' });
    }
    if (exception.field !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'a pricing exception names a price_type, not a field' });
    }
    return;
  }
  if (exception.price_type !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['price_type'], message: `only pricing exceptions name a price type` });
  }
  const fields: readonly string[] = OWNED_DOMAIN_FIELDS[exception.domain];
  if (exception.field !== undefined && !fields.includes(exception.field)) {
    ctx.addIssue({
      code: 'custom',
      path: ['field'],
      input: exception.field,
      message:
        fields.length > 0
          ? `expected a field of ${exception.domain}: one of ${fields.join(', ')}`
          : `${exception.domain} has no fields; leave field out to cover the whole domain`,
    });
  }
});

// ---------------------------------------------------------------------------------------------
// quality standards

const fieldPath = z
  .string({ error: 'expected a field name' })
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'expected a snake_case field name or path like "billing_address.postal_code"');

const requiredFields = z
  .array(fieldPath, { error: 'expected a list of field names' })
  .min(1, 'must name at least one field')
  .superRefine((fields, ctx) => {
    for (const field of new Set(duplicates(fields))) {
      ctx.addIssue({ code: 'custom', message: `lists "${field}" more than once` });
    }
  });

function recordStandard<const Checks extends readonly string[]>(checks: Checks) {
  return checks.length > 0
    ? section({ required: requiredFields, checks: z.array(z.enum(checks)).default([]) })
    : section({ required: requiredFields });
}

const quality = section({
  product: recordStandard(RECORD_CHECKS.product),
  customer: recordStandard(RECORD_CHECKS.customer),
  order: recordStandard(RECORD_CHECKS.order),
  publishable_product: recordStandard(RECORD_CHECKS.publishable_product),
  postal_codes: section({
    unlisted_countries: z.enum(['ACCEPT', 'REJECT']),
    patterns: z.record(
      z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code like "US"'),
      regexPattern,
    ),
  }),
});

// ---------------------------------------------------------------------------------------------
// thresholds and targets

const thresholds = section({
  price_change_approval_percent: percent,
  erp_pim_cost_variance_percent: percent,
  inventory_variance_percent: percent,
  inventory_freshness: section({ high: duration, medium: duration, slow: duration }).superRefine((limits, ctx) => {
    // A faster-moving SKU goes stale sooner, so its limit may not be looser than a slower tier's.
    for (const [faster, slower] of [['high', 'medium'], ['medium', 'slow']] as const) {
      if (limits[faster].ms > limits[slower].ms) {
        ctx.addIssue({
          code: 'custom',
          path: [faster],
          message: `${limits[faster].text} is longer than the ${slower} tier's ${limits[slower].text}`,
        });
      }
    }
  }),
  velocity: section({
    lookback: duration,
    min_orders_per_day: section({
      high: exactDecimal({ above: 0 }),
      medium: exactDecimal({ above: 0 }),
    }).superRefine((minimum, ctx) => {
      if (minimum.high.lessThanOrEqualTo(minimum.medium)) {
        ctx.addIssue({ code: 'custom', path: ['high'], message: `must be greater than medium (${minimum.medium.toString()})` });
      }
    }),
  }),
});

const targets = section({
  sync_success_rate_percent_above: exactDecimal({ min: 0, max: 100 }),
  data_conflicts_per_day_below: z.int({ error: 'expected a whole number' }).min(1, 'must be at least 1'),
  sync_lag_below: duration,
  quarantine_resolution: section({
    default: duration,
    by_error_code: z
      .record(
        z.string().regex(/^([A-Z][A-Z0-9_]*\.)?[A-Z][A-Z0-9_]*$/, 'expected an error code like "OWNERSHIP_VIOLATION" or "ORDERS.UNKNOWN_SKU"'),
        duration,
      )
      .default({}),
  }),
});

// ---------------------------------------------------------------------------------------------
// teams, routing, policies, id mapping

const ownerTeams = section({
  teams: z.array(kebabCase('a team name')).min(1, 'must name at least one team'),
  by_domain: section(Object.fromEntries(DATA_DOMAINS.map((domain) => [domain, kebabCase('a team name')])) as Record<
    (typeof DATA_DOMAINS)[number],
    z.ZodString
  >),
}).superRefine((owners, ctx) => {
  for (const team of new Set(duplicates(owners.teams))) {
    ctx.addIssue({ code: 'custom', path: ['teams'], message: `lists "${team}" more than once` });
  }
  for (const [domain, team] of Object.entries(owners.by_domain)) {
    if (!owners.teams.includes(team)) {
      ctx.addIssue({
        code: 'custom',
        path: ['by_domain', domain],
        input: team,
        message: `expected one of the declared teams ${owners.teams.join(', ')}`,
      });
    }
  }
});

const inventoryRouting = section({
  allow_split_shipments: z.boolean({ error: 'expected true or false' }),
  locations: z
    .array(
      section({
        id: z.string({ error: 'expected a location id' }).regex(/^[A-Z0-9][A-Z0-9_-]*$/, 'expected an upper-case location id like "DC-EAST"'),
        name: text.optional(),
        region: z.string({ error: 'expected a region' }).regex(/^[A-Z0-9][A-Z0-9_-]*$/, 'expected an upper-case region like "US-EAST"'),
        priority: z.int({ error: 'expected a whole number' }).min(1, 'must be at least 1 (1 is tried first)'),
      }),
    )
    .min(1, 'must list at least one location'),
}).superRefine((routing, ctx) => {
  const ids = routing.locations.map((location) => location.id);
  const priorities = routing.locations.map((location) => location.priority);
  routing.locations.forEach((location, index) => {
    if (ids.indexOf(location.id) !== index) {
      ctx.addIssue({ code: 'custom', path: ['locations', index, 'id'], message: `"${location.id}" is listed more than once` });
    }
    if (priorities.indexOf(location.priority) !== index) {
      ctx.addIssue({
        code: 'custom',
        path: ['locations', index, 'priority'],
        message: `priority ${location.priority} is already given to ${ids[priorities.indexOf(location.priority)]}; priorities must be distinct`,
      });
    }
  });
});

const orderPolicies = section({
  price_mismatch: z.enum(PRICE_MISMATCH_POLICIES),
  price_mismatch_tolerance: exactDecimal({ min: 0 }),
  insufficient_stock: z.enum(INSUFFICIENT_STOCK_POLICIES),
});

const customerIdMapping = someOf(
  SYSTEMS.filter((id): id is Exclude<SystemId, 'ERP'> => id !== 'ERP') as [Exclude<SystemId, 'ERP'>, ...Exclude<SystemId, 'ERP'>[]],
  section({
    external_id_pattern: regexPattern,
    erp_id_prefix: z.string({ error: 'expected a prefix' }).regex(/^[A-Z0-9][A-Z0-9-]*$/, 'expected upper-case letters, digits or dashes'),
  }),
).superRefine((rules, ctx) => {
  // ERP ids must say which rule made them, so no prefix may start another one.
  const entries = Object.entries(rules).flatMap(([source, rule]) => (rule ? [[source, rule.erp_id_prefix] as const] : []));
  for (const [source, prefix] of entries) {
    const clash = entries.find(([other, otherPrefix]) => other !== source && otherPrefix.startsWith(prefix));
    if (clash) {
      ctx.addIssue({
        code: 'custom',
        path: [source, 'erp_id_prefix'],
        message: `"${prefix}" is also the start of ${clash[0]}'s prefix "${clash[1]}"; ERP ids would be ambiguous`,
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// the whole charter

/** The charter file, key for key. */
export const charterSchema = section({
  version: z
    .string({ error: 'expected a quoted calendar version like "2026.11.1"' })
    .regex(/^\d{4}\.\d{1,2}\.\d+$/, 'expected a calendar version like "2026.11.1"'),
  description: text.optional(),
  ownership,
  exceptions: z.array(exception).default([]),
  pricing: section({ model: z.enum(PRICING_MODELS) }),
  quality,
  thresholds,
  targets,
  owner_teams: ownerTeams,
  inventory_routing: inventoryRouting,
  order_policies: orderPolicies,
  customer_id_mapping: customerIdMapping.default({}),
}).superRefine((charter, ctx) => {
  // An exception for the system that already owns the data is a sign the charter says
  // something other than its author meant (often a pricing model that changed since).
  const priceOwners = priceTypeOwnership(charter.pricing.model, charter.ownership.price_types);
  charter.exceptions.forEach((exception, index) => {
    const owner =
      exception.domain === 'pricing'
        ? exception.price_type && priceOwners[exception.price_type]
        : fieldOwner(charter.ownership.domains[exception.domain], exception.field);
    if (owner === exception.system) {
      ctx.addIssue({
        code: 'custom',
        path: ['exceptions', index, 'system'],
        message: `${owner} already owns this data; an exception is not needed`,
      });
    }
  });
});

function fieldOwner(domain: { owner: SystemId; fields?: Record<string, SystemId> }, field: string | undefined): SystemId {
  return field !== undefined && domain.fields && Object.hasOwn(domain.fields, field) ? domain.fields[field] : domain.owner;
}

/** A validated charter file, key for key. */
export type CharterDocument = z.output<typeof charterSchema>;
