import type { Expiry } from './charter.schema';
import type { DomainField, OwnedDomain, PriceType, SystemId } from './charter.vocabulary';
import type { PriceTypeOwnership } from './pricing-models';

/** The owner of a data domain, and the fields within it that have an owner of their own. */
export interface DomainOwnership {
  readonly owner: SystemId;
  readonly fields: Readonly<Partial<Record<string, SystemId>>>;
}

/** An approved, time-limited permission for a non-owner to write some data. */
export interface OwnershipException {
  readonly system: SystemId;
  readonly domain: OwnedDomain | 'pricing';
  /** The one field covered; absent when the exception covers the whole domain. */
  readonly field?: string;
  /** The price type covered, for pricing exceptions. */
  readonly priceType?: PriceType;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: Expiry;
}

/**
 * A write a source system wants to make: to a price type, or to a data domain (optionally one
 * field of it). `at` is when the write happened at the source, which decides whether an
 * exception was still in force.
 */
export type WriteRequest = { readonly system: SystemId; readonly at: Date } & (
  | { readonly domain: 'pricing'; readonly priceType: PriceType; readonly field?: never }
  | { [D in OwnedDomain]: { readonly domain: D; readonly field?: DomainField<D>; readonly priceType?: never } }[OwnedDomain]
);

/** The charter's decision on a write, stamped with the charter version that made it. */
export type WriteDecision =
  | {
      readonly allowed: true;
      readonly owner: SystemId;
      readonly via: 'owner' | 'exception';
      /** The exception that allowed a non-owner's write. */
      readonly exception?: OwnershipException;
      readonly charterVersion: string;
    }
  | {
      readonly allowed: false;
      readonly owner: SystemId;
      readonly code: 'OWNERSHIP_VIOLATION';
      readonly reason: string;
      readonly charterVersion: string;
    };

/** Who owns which data, and whether a system may write it. */
export class OwnershipRules {
  constructor(
    private readonly charterVersion: string,
    private readonly domains: Readonly<Record<OwnedDomain, DomainOwnership>>,
    private readonly priceTypes: PriceTypeOwnership,
    private readonly exceptions: readonly OwnershipException[],
  ) {
    Object.freeze(this);
  }

  /** The owning system of a domain, or of one field of it (a field without its own owner has the domain's). */
  ownerOf<D extends OwnedDomain>(domain: D, field?: DomainField<D>): SystemId {
    const ownership = this.domains[domain];
    return field !== undefined && Object.hasOwn(ownership.fields, field) ? (ownership.fields[field] ?? ownership.owner) : ownership.owner;
  }

  /** The owning system of a price type. */
  priceTypeOwner(priceType: PriceType): SystemId {
    return this.priceTypes[priceType];
  }

  /**
   * Allows a write from the owner, or from a system with an approved exception that covers the
   * data and has not expired at `request.at`; anything else is an OWNERSHIP_VIOLATION.
   */
  isWriteAllowed(request: WriteRequest): WriteDecision {
    if (Number.isNaN(request.at.getTime())) throw new RangeError('isWriteAllowed: `at` is not a valid date');
    const charterVersion = this.charterVersion;
    const owner = request.domain === 'pricing' ? this.priceTypeOwner(request.priceType) : this.ownerOf(request.domain, request.field);
    if (request.system === owner) return { allowed: true, owner, via: 'owner', charterVersion };

    const covering = this.exceptions.filter((exception) => covers(exception, request));
    const active = covering.find((exception) => request.at < exception.expires.at);
    if (active) return { allowed: true, owner, via: 'exception', exception: active, charterVersion };

    const expired = covering.reduce<OwnershipException | undefined>(
      (latest, exception) => (latest === undefined || exception.expires.at > latest.expires.at ? exception : latest),
      undefined,
    );
    const reason =
      `${request.system} may not write ${describeTarget(request)}: it is owned by ${owner}` +
      (expired
        ? `, and the exception approved by ${expired.approvedBy} expired (${expired.expires.text})`
        : ', and no approved exception covers it');
    return { allowed: false, owner, code: 'OWNERSHIP_VIOLATION', reason, charterVersion };
  }
}

function covers(exception: OwnershipException, request: WriteRequest): boolean {
  if (exception.system !== request.system || exception.domain !== request.domain) return false;
  if (request.domain === 'pricing') return exception.priceType === request.priceType;
  // A whole-domain exception covers each field; a field exception covers only that field.
  return exception.field === undefined || exception.field === request.field;
}

function describeTarget(request: WriteRequest): string {
  if (request.domain === 'pricing') return `price type ${request.priceType}`;
  return request.field === undefined ? request.domain : `${request.domain}.${request.field}`;
}
