/** A place as requisitions and candidates store it (jsonb): a country, and as much of the rest as is known. */
export interface LocationValue {
  city?: string | null;
  region?: string | null;
  country: string;
  postalCode?: string | null;
}

/** A location as stored: trimmed parts, absent parts null, the country code upper-case. */
export function normalizeLocation(location: LocationValue): LocationValue {
  return {
    city: location.city?.trim() || null,
    region: location.region?.trim() || null,
    country: location.country.toUpperCase(),
    postalCode: location.postalCode?.trim() || null,
  };
}
