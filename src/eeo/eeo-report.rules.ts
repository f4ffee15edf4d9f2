import { EEO_DIMENSIONS, EeoDimension, EeoRawCounts, NOT_PROVIDED } from './eeo.commands';
import { EeoDisabilityStatus, EeoGender, EeoRaceEthnicity, EeoVeteranStatus } from './eeo.enums';

/** Groups smaller than this are never shown as a number. */
export const SUPPRESSION_THRESHOLD = 5;

/** What a suppressed group is shown as. */
export const SUPPRESSED = '<5';

export interface CategoryCount {
  category: string;
  count: number;
}

export interface ShownCount {
  category: string;
  /** A whole number (5 or more), or "<5". */
  count: string;
}

/**
 * One dimension of an EEO report (its cells add up to the report's total, which is shown), as it may be shown:
 *
 * 1. every cell below 5 — zero included — is "<5" (primary suppression: a group of one to four people could be
 *    re-identified; showing 0 next to "<5" would narrow the others down);
 * 2. if that leaves exactly one cell suppressed, the total minus the shown cells would give it away, so the
 *    smallest shown cell is suppressed too (complementary suppression; the first in category order on a tie).
 *
 * With two or more cells suppressed, the difference is only their sum, which bounds none of them exactly.
 */
export function suppressDimension(cells: readonly CategoryCount[]): ShownCount[] {
  const suppressed = new Set(cells.filter((c) => c.count < SUPPRESSION_THRESHOLD).map((c) => c.category));
  if (suppressed.size === 1) {
    const smallest = cells
      .filter((c) => !suppressed.has(c.category))
      .reduce<CategoryCount | null>((min, c) => (min === null || c.count < min.count ? c : min), null);
    if (smallest) suppressed.add(smallest.category);
  }
  return cells.map((c) => ({
    category: c.category,
    count: suppressed.has(c.category) ? SUPPRESSED : String(c.count),
  }));
}

/** Every category of each dimension, in the forms' order, then the applications that gave no answer. */
export const EEO_CATEGORIES: Record<EeoDimension, readonly string[]> = {
  gender: [...Object.values(EeoGender), NOT_PROVIDED],
  raceEthnicity: [...Object.values(EeoRaceEthnicity), NOT_PROVIDED],
  veteranStatus: [...Object.values(EeoVeteranStatus), NOT_PROVIDED],
  disabilityStatus: [...Object.values(EeoDisabilityStatus), NOT_PROVIDED],
};

export interface ShownEeoReport {
  /** Every application the report counts: not a self-identification figure (the funnel shows it too). */
  applications: number;
  dimensions: Record<EeoDimension, ShownCount[]>;
}

/** Exact counts made showable: every category listed (absent ones count 0), each dimension suppressed. */
export function showReport(raw: EeoRawCounts): ShownEeoReport {
  const dimensions = Object.fromEntries(
    EEO_DIMENSIONS.map((dimension) => {
      const counted = new Map(raw.cells[dimension].map((c) => [c.category, c.count]));
      const cells = EEO_CATEGORIES[dimension].map((category) => ({
        category,
        count: counted.get(category) ?? 0,
      }));
      return [dimension, suppressDimension(cells)];
    }),
  ) as Record<EeoDimension, ShownCount[]>;
  return { applications: raw.applications, dimensions };
}
