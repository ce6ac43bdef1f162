import type { PostalAddress } from '@concord/contracts';
import type { RandomSource } from '../random-source';

interface City {
  city: string;
  region: string | null;
  countryCode: string;
  postalCodes: readonly string[];
}

/**
 * Cities the simulated customers live in and orders ship to: US states on both coasts and in the
 * middle, and EU countries, so warehouse routing (DC-EAST, DC-CENTRAL, DC-WEST, DC-EU) varies.
 * Postal codes are real ones in the format the charter's postal code patterns expect.
 */
export const CITIES: readonly City[] = [
  { city: 'New York', region: 'NY', countryCode: 'US', postalCodes: ['10001', '10017', '10036'] },
  { city: 'Boston', region: 'MA', countryCode: 'US', postalCodes: ['02108', '02116'] },
  { city: 'Newark', region: 'NJ', countryCode: 'US', postalCodes: ['07102', '07105'] },
  { city: 'Atlanta', region: 'GA', countryCode: 'US', postalCodes: ['30303', '30309'] },
  { city: 'Chicago', region: 'IL', countryCode: 'US', postalCodes: ['60601', '60607-1234'] },
  { city: 'Dallas', region: 'TX', countryCode: 'US', postalCodes: ['75201', '75204'] },
  { city: 'Denver', region: 'CO', countryCode: 'US', postalCodes: ['80202'] },
  { city: 'Los Angeles', region: 'CA', countryCode: 'US', postalCodes: ['90012', '90071'] },
  { city: 'Seattle', region: 'WA', countryCode: 'US', postalCodes: ['98101', '98104'] },
  { city: 'Reno', region: 'NV', countryCode: 'US', postalCodes: ['89501'] },
  { city: 'Berlin', region: 'BE', countryCode: 'DE', postalCodes: ['10115', '10178'] },
  { city: 'Stuttgart', region: 'BW', countryCode: 'DE', postalCodes: ['70173', '70565'] },
  { city: 'Amsterdam', region: 'NH', countryCode: 'NL', postalCodes: ['1012 AB', '1017 CE'] },
  { city: 'Paris', region: null, countryCode: 'FR', postalCodes: ['75008', '75011'] },
  { city: 'Brussels', region: null, countryCode: 'BE', postalCodes: ['1000', '1050'] },
  { city: 'Vienna', region: null, countryCode: 'AT', postalCodes: ['1010', '1030'] },
];

const STREETS = ['Main Street', 'Market Street', 'Harbor Road', 'Industrial Parkway', 'Station Road', 'Lindenstrasse', 'Keizersgracht', 'Rue de Rivoli'];

/** A plausible address in one of CITIES. */
export function randomPostalAddress(random: RandomSource): PostalAddress {
  const city = random.pick(CITIES);
  return {
    line1: `${random.int(1, 999)} ${random.pick(STREETS)}`,
    line2: random.chance(0.2) ? `Dock ${random.int(1, 12)}` : null,
    city: city.city,
    region: city.region,
    postalCode: random.pick(city.postalCodes),
    countryCode: city.countryCode,
  };
}
