import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { MatchingModule } from '../matching/matching.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { SkillsModule } from '../skills/skills.module';
import { ApplicationEvaluationResolver } from './application-evaluation.resolver';
import { CalendarFeedEntity } from './calendar-feed.entity';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { InterviewActivityResolver, ScorecardActivityResolver } from './evaluation-activity.resolver';
import { EvaluationLoaders } from './evaluation.loaders';
import { EvaluationRepository } from './evaluation.repository';
import { InterviewInterviewerEntity } from './interview-interviewer.entity';
import { InterviewEntity } from './interview.entity';
import { InterviewsResolver } from './interviews.resolver';
import { InterviewsService } from './interviews.service';
import { ScorecardRatingEntity } from './scorecard-rating.entity';
import { ScorecardEntity } from './scorecard.entity';
import { ScorecardEvidence } from './scorecard-evidence';
import { ScorecardsResolver } from './scorecards.resolver';
import { ScorecardsService } from './scorecards.service';
import { ViewerEvaluationResolver } from './viewer-evaluation.resolver';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const EVALUATION_ENTITIES = [
  InterviewEntity,
  InterviewInterviewerEntity,
  ScorecardEntity,
  ScorecardRatingEntity,
  CalendarFeedEntity,
];

/** The hiring team's evaluation: interviews, scorecards with skill rubrics, calendar feeds. */
@Module({
  imports: [
    TypeOrmModule.forFeature(EVALUATION_ENTITIES),
    IdentityModule,
    RequisitionsModule,
    PipelineModule,
    SkillsModule,
    MatchingModule,
  ],
  controllers: [CalendarFeedsController],
  providers: [
    EvaluationRepository,
    EvaluationLoaders,
    InterviewsService,
    ScorecardsService,
    ScorecardEvidence,
    CalendarFeedsService,
    InterviewsResolver,
    ScorecardsResolver,
    ApplicationEvaluationResolver,
    ViewerEvaluationResolver,
    InterviewActivityResolver,
    ScorecardActivityResolver,
  ],
  exports: [InterviewsService, ScorecardsService, EvaluationRepository],
})
export class EvaluationModule {}
