import { ParamBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';

/** SQL condition: the row's requisition (`requisitionIdExpr`) is within reach. */
export function requisitionWithinReach(reach: Reach, requisitionIdExpr: string, bind: ParamBinder): string {
  switch (reach.kind) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'member':
      return `${requisitionIdExpr} IN (SELECT requisition_id FROM requisition_member WHERE user_id = ${bind(reach.userId)}::uuid)`;
  }
}

/** SQL condition: the candidate (`candidateIdExpr`) applied to a requisition within reach. */
export function candidateWithinReach(reach: Reach, candidateIdExpr: string, bind: ParamBinder): string {
  switch (reach.kind) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'member':
      return `EXISTS (SELECT 1 FROM application reach_a JOIN requisition_member reach_m
        ON reach_m.requisition_id = reach_a.requisition_id
        WHERE reach_a.candidate_id = ${candidateIdExpr} AND reach_m.user_id = ${bind(reach.userId)}::uuid)`;
  }
}
