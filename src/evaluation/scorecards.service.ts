import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError, UserErrorDetail } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { EventOutbox } from '../events/event-outbox';
import { EventType } from '../events/event-types';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { SaveScorecardCommand } from './evaluation.commands';
import { InterviewStatus, ScorecardStatus } from './evaluation.enums';
import { EvaluationReach } from './evaluation-reach-sql';
import { EvaluationRepository } from './evaluation.repository';
import { isComplete, scorecardProblems, scorecardStatusAfterSave } from './evaluation.rules';
import { ScorecardEntity } from './scorecard.entity';
import { ScorecardRatingEntity } from './scorecard-rating.entity';

export interface ScorecardChange {
  scorecard: ScorecardEntity;
  ratings: ScorecardRatingEntity[];
}

/** Writing one's own scorecard: drafts, submission, audited amendments; completes the interview when due. */
@Injectable()
export class ScorecardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EvaluationRepository,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  async save(command: SaveScorecardCommand, reach: EvaluationReach): Promise<ScorecardChange> {
    const notes = command.notes?.trim() || null;
    const recommendation = command.overallRecommendation ?? null;
    const ratings = command.ratings.map((r) => ({ ...r, note: r.note?.trim() || null }));
    const problems = scorecardProblems({
      ratings,
      overallRecommendation: recommendation,
      notes,
      submit: command.submit,
    });
    if (problems.length > 0) {
      throw new DomainError(
        problems.map((p): UserErrorDetail => ({
          code: UserErrorCode.INVALID_INPUT,
          message: p.message,
          field: p.field,
        })),
      );
    }
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.repository.lockInterview(manager, command.interviewId, reach);
      if (!locked) throw DomainError.notFound('Interview', ['interviewId']);
      const { interview, interviewerIds } = locked;
      if (!interviewerIds.includes(command.authorId)) {
        throw DomainError.of(
          UserErrorCode.NOT_AN_INTERVIEWER,
          'Only the interviewers of an interview write scorecards for it.',
          ['interviewId'],
        );
      }
      if (interview.status === InterviewStatus.CANCELLED || interview.status === InterviewStatus.NO_SHOW) {
        throw DomainError.of(
          UserErrorCode.INTERVIEW_NOT_SCHEDULED,
          `The interview is ${interview.status}: it takes no scorecards.`,
          ['interviewId'],
        );
      }
      const known = await this.repository.existingSkillIds(
        manager,
        ratings.map((r) => r.skillId),
      );
      const unknown = ratings.findIndex((r) => !known.has(r.skillId));
      if (unknown >= 0) throw DomainError.notFound('Skill', ['ratings', String(unknown), 'skillId']);

      const current = await this.repository.lockScorecard(manager, interview.id, command.authorId);
      if (command.expectedVersion != null && command.expectedVersion !== (current?.version ?? 0)) {
        throw DomainError.staleVersion('The scorecard', current?.version ?? 0);
      }
      const wasSubmitted = current?.status === ScorecardStatus.SUBMITTED;
      if (wasSubmitted) {
        const [application] = await manager.query<{ status: ApplicationStatus }[]>(
          `SELECT status FROM application WHERE id = $1`,
          [interview.applicationId],
        );
        if (application.status !== ApplicationStatus.ACTIVE) {
          throw DomainError.of(
            UserErrorCode.APPLICATION_NOT_ACTIVE,
            `The application is ${application.status}: submitted scorecards are amended only while it is ACTIVE.`,
            ['interviewId'],
          );
        }
      }
      const status = scorecardStatusAfterSave(current?.status ?? null, command.submit);
      const submitsNow = status === ScorecardStatus.SUBMITTED && !wasSubmitted;
      const values = {
        status,
        overallRecommendation: recommendation ?? current?.overallRecommendation ?? null,
        notes,
        ...(submitsNow ? { submittedAt: () => 'now()' } : {}),
      };
      if (status === ScorecardStatus.SUBMITTED && values.overallRecommendation == null) {
        throw DomainError.invalid(
          ['overallRecommendation'],
          'A submitted scorecard needs an overall recommendation.',
        );
      }
      const previousRatings = current ? await this.repository.ratingsOf(manager, current.id) : [];
      let scorecard: ScorecardEntity | null;
      if (current) {
        // The event sequence moves only with an event: on submission.
        scorecard = await this.repository.updateScorecardAtVersion(
          manager,
          current.id,
          current.version,
          values,
          submitsNow,
        );
        if (!scorecard) throw DomainError.staleVersion('The scorecard', current.version);
      } else {
        scorecard = await this.repository.insertScorecard(manager, {
          interviewId: interview.id,
          applicationId: interview.applicationId,
          requisitionId: interview.requisitionId,
          authorId: command.authorId,
          status,
          overallRecommendation: values.overallRecommendation,
          notes,
          submittedAt: submitsNow ? new Date() : null,
          eventSequence: submitsNow ? 1 : 0,
        });
      }
      await this.repository.replaceRatings(manager, scorecard.id, ratings);
      const stored = await this.repository.ratingsOf(manager, scorecard.id);
      if (submitsNow) {
        await this.outbox.append(manager, [
          {
            type: EventType.SCORECARD_SUBMITTED,
            aggregateType: 'scorecard',
            aggregateId: scorecard.id,
            sequence: scorecard.eventSequence,
            data: {
              scorecardId: scorecard.id,
              interviewId: interview.id,
              applicationId: interview.applicationId,
              requisitionId: interview.requisitionId,
              authorId: command.authorId,
              overallRecommendation: scorecard.overallRecommendation,
            },
          },
        ]);
      }
      await this.audit.record(manager, {
        action: wasSubmitted ? 'amendScorecard' : submitsNow ? 'submitScorecard' : 'saveScorecardDraft',
        subjectType: 'scorecard',
        subjectIds: [scorecard.id],
        changes: diff(
          {
            status: current?.status ?? null,
            overallRecommendation: current?.overallRecommendation ?? null,
            notes: current?.notes ?? null,
            ratings: Object.fromEntries(previousRatings.map((r) => [r.skillId, r.rating])),
          },
          {
            status: scorecard.status,
            overallRecommendation: scorecard.overallRecommendation,
            notes: scorecard.notes,
            ratings: Object.fromEntries(stored.map((r) => [r.skillId, r.rating])),
          },
        ),
      });
      if (status === ScorecardStatus.SUBMITTED)
        await this.completeIfDue(
          manager,
          interview.id,
          interview.endsAt,
          interviewerIds.length,
          interview.status,
        );
      return { scorecard, ratings: stored };
    });
  }

  /** An interview that has ended becomes COMPLETED with its last scorecard. */
  private async completeIfDue(
    manager: EntityManager,
    interviewId: string,
    endsAt: Date,
    interviewers: number,
    status: InterviewStatus,
  ): Promise<void> {
    if (status !== InterviewStatus.SCHEDULED) return;
    const submitted = await this.repository.countSubmitted(manager, interviewId);
    if (isComplete(endsAt, new Date(), interviewers, submitted)) {
      await this.repository.completeInterview(manager, interviewId);
    }
  }
}
