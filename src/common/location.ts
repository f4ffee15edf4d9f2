/** A place as requisitions and candidates store it (jsonb): a country, and as much of the rest as is known. */
export interface LocationValue {
  city?: string | null;
  region?: string | null;
  country: string;
  postalCode?: string | null;
}
