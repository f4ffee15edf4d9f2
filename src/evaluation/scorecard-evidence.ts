import { Injectable, OnModuleInit } from '@nestjs/common';
import { MatchEvidenceSources } from '../matching/match-evidence';
import { EvidenceKind } from '../matching/match.rules';
import { SCORECARD_EVIDENCE_SQL } from './evaluation.repository';

/**
 * Registers submitted scorecards' skill ratings as SCORECARD evidence of the skill match at start-up (evaluation
 * sits above matching). A submission writes `scorecard.submitted`, which matching's refresh follows.
 */
@Injectable()
export class ScorecardEvidence implements OnModuleInit {
  constructor(private readonly sources: MatchEvidenceSources) {}

  onModuleInit(): void {
    this.sources.register({ kind: EvidenceKind.SCORECARD, sql: SCORECARD_EVIDENCE_SQL });
  }
}
