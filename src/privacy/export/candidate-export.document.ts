/**
 * The one JSON document a candidate's data export is (GET /v1/candidates/:id/export, `exportCandidateData`),
 * documented field by field in docs/privacy.md ("Export"). Its top-level keys are fixed: a new kind of personal
 * data gets a new key here, in the docs and in the test that fills every kind.
 */
export const CANDIDATE_EXPORT_KEYS = [
  'format',
  'exportedAt',
  'candidate',
  'skills',
  'consent',
  'retention',
  'applications',
  'interviews',
  'scorecards',
  'notes',
  'offers',
  'resumes',
  'matches',
  'auditEntries',
] as const;

export type CandidateExportKey = (typeof CANDIDATE_EXPORT_KEYS)[number];

/** Which shape of document this is; bumped when a key changes meaning. */
export const CANDIDATE_EXPORT_FORMAT = 'requisite.candidate-export.v1';

/**
 * Only in a document asked for with `includeSelfIdentification` (administrators only): EEO answers never travel
 * with the candidate's data unless someone asks for exactly them (docs/privacy.md, "EEO self-identification").
 */
export const SELF_IDENTIFICATION_KEY = 'selfIdentification';

export type CandidateExportDocument = Record<CandidateExportKey, unknown> & {
  [SELF_IDENTIFICATION_KEY]?: unknown;
};

export interface CandidateExportOptions {
  /** Adds the candidate's voluntary self-identification (needs `eeo:read`: administrators). */
  includeSelfIdentification: boolean;
}
