import { MutationRow, QueryRow } from '../harness';
import { ADMIN_MUTATIONS, ADMIN_QUERIES } from './admin';
import {
  CANDIDATE_AND_APPLICATION_MUTATIONS,
  CANDIDATE_AND_APPLICATION_QUERIES,
} from './candidates-and-applications';
import { NOTE_MUTATIONS, NOTE_QUERIES } from './notes';
import { EVALUATION_MUTATIONS, EVALUATION_QUERIES } from './evaluation';
import { OFFER_AND_REPORT_MUTATIONS, OFFER_AND_REPORT_QUERIES } from './offers-and-reports';
import { REQUISITION_MUTATIONS, REQUISITION_QUERIES } from './requisitions';

/** Every row of the matrix, whichever spec file runs it: the schema check holds them against the schema. */
export const ALL_QUERY_ROWS: readonly QueryRow<never>[] = [
  ADMIN_QUERIES,
  REQUISITION_QUERIES,
  CANDIDATE_AND_APPLICATION_QUERIES,
  NOTE_QUERIES,
  EVALUATION_QUERIES,
  OFFER_AND_REPORT_QUERIES,
].flat();

export const ALL_MUTATION_ROWS: readonly MutationRow<never>[] = [
  ADMIN_MUTATIONS,
  REQUISITION_MUTATIONS,
  CANDIDATE_AND_APPLICATION_MUTATIONS,
  NOTE_MUTATIONS,
  EVALUATION_MUTATIONS,
  OFFER_AND_REPORT_MUTATIONS,
].flat();
