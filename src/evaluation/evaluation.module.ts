import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarFeedEntity } from './calendar-feed.entity';
import { InterviewInterviewerEntity } from './interview-interviewer.entity';
import { InterviewEntity } from './interview.entity';
import { ScorecardRatingEntity } from './scorecard-rating.entity';
import { ScorecardEntity } from './scorecard.entity';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const EVALUATION_ENTITIES = [
  InterviewEntity,
  InterviewInterviewerEntity,
  ScorecardEntity,
  ScorecardRatingEntity,
  CalendarFeedEntity,
];

@Module({
  imports: [TypeOrmModule.forFeature(EVALUATION_ENTITIES)],
})
export class EvaluationModule {}
