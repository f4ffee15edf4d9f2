/**
 * SQL conditions that leave an erased candidate's records out of reads (docs/privacy.md): their applications,
 * interviews, scorecards and offers stay for the reports, without personal data, but no list or `node` shows them.
 * The partial index `candidate_erased` (few rows) makes each an index probe.
 */

/** The candidate `candidateIdExpr` names is not erased. */
export function candidateNotErased(candidateIdExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM candidate erased_c
    WHERE erased_c.id = ${candidateIdExpr} AND erased_c.erased_at IS NOT NULL)`;
}

/** The application `applicationIdExpr` names is not an erased candidate's. */
export function applicationNotErased(applicationIdExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM application erased_a JOIN candidate erased_c ON erased_c.id = erased_a.candidate_id
    WHERE erased_a.id = ${applicationIdExpr} AND erased_c.erased_at IS NOT NULL)`;
}
