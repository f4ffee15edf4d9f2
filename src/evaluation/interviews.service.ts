import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError, UserErrorDetail } from '../common/errors/domain-error';
import { PG_EXCLUSION_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { EventOutbox } from '../events/event-outbox';
import { EventType } from '../events/event-types';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { RequisitionsService } from '../requisitions/requisitions.service';
import {
  CancelInterviewCommand,
  MarkInterviewNoShowCommand,
  RescheduleInterviewCommand,
  ScheduleInterviewCommand,
} from './evaluation.commands';
import { InterviewStatus } from './evaluation.enums';
import { EvaluationReach, teamReachOf } from './evaluation-reach-sql';
import { EvaluationRepository, InterviewedApplication } from './evaluation.repository';
import {
  FieldProblem,
  foreignFocusSkill,
  InterviewAction,
  interviewActionRefusal,
  interviewerProblems,
  timeProblems,
} from './evaluation.rules';
import { InterviewEntity } from './interview.entity';

const NO_DOUBLE_BOOKING = 'interview_interviewer_no_double_booking';

export interface InterviewChange {
  interview: InterviewEntity;
  interviewerIds: string[];
}

function invalid(problems: FieldProblem[]): DomainError {
  return new DomainError(
    problems.map((p): UserErrorDetail => ({
      code: UserErrorCode.INVALID_INPUT,
      message: p.message,
      field: p.field,
    })),
  );
}

/** Scheduling, rescheduling, cancelling interviews and recording no-shows; each in one transaction. */
@Injectable()
export class InterviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EvaluationRepository,
    private readonly requisitions: RequisitionsService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  async schedule(command: ScheduleInterviewCommand, reach: EvaluationReach): Promise<InterviewChange> {
    const location = command.location?.trim() || null;
    const problems = [
      ...timeProblems({ ...command, videoUrl: command.videoUrl ?? null }),
      ...interviewerProblems(command.interviewerIds),
    ];
    if (problems.length > 0) throw invalid(problems);
    return this.refusingDoubleBookings(command.interviewerIds, () =>
      inTransaction(this.dataSource, async (manager) => {
        const application = await this.applicationFor(manager, command.applicationId, reach, [
          'applicationId',
        ]);
        const stageId = command.stageId ?? application.stageId;
        if (command.stageId != null) {
          if (!(await this.repository.isLiveStageOf(manager, command.stageId, application.requisitionId))) {
            throw DomainError.of(
              UserErrorCode.STAGE_NOT_IN_REQUISITION,
              "The stage is not a stage of the application's requisition.",
              ['stageId'],
            );
          }
        }
        const focusSkillIds = [...new Set(command.focusSkillIds ?? [])];
        const foreign = foreignFocusSkill(
          await this.repository.requisitionSkillIds(manager, application.requisitionId),
          focusSkillIds,
        );
        if (foreign >= 0) {
          throw DomainError.invalid(
            ['focusSkillIds', String(foreign)],
            "A focus skill must be one of the requisition's required or preferred skills.",
          );
        }
        await this.checkInterviewers(
          manager,
          application.requisitionId,
          command.interviewerIds,
          command,
          null,
        );
        const interview = await this.repository.insertInterview(manager, {
          applicationId: application.id,
          requisitionId: application.requisitionId,
          stageId,
          kind: command.kind,
          startsAt: command.startsAt,
          endsAt: command.endsAt,
          timeZone: command.timeZone,
          location,
          videoUrl: command.videoUrl ?? null,
          status: InterviewStatus.SCHEDULED,
          focusSkillIds,
        });
        await this.repository.replaceInterviewers(manager, interview, command.interviewerIds);
        await this.record(manager, EventType.INTERVIEW_SCHEDULED, 'scheduleInterview', application, null, {
          interview,
          interviewerIds: command.interviewerIds,
        });
        return { interview, interviewerIds: command.interviewerIds };
      }),
    );
  }

  async reschedule(command: RescheduleInterviewCommand, reach: EvaluationReach): Promise<InterviewChange> {
    const problems = [
      ...timeProblems(command),
      ...(command.interviewerIds ? interviewerProblems(command.interviewerIds) : []),
    ];
    if (problems.length > 0) throw invalid(problems);
    return this.refusingDoubleBookings(command.interviewerIds ?? [], () =>
      inTransaction(this.dataSource, async (manager) => {
        const before = await this.lockForChange(
          manager,
          command.id,
          command.expectedVersion,
          reach,
          'reschedule',
        );
        const application = await this.applicationFor(manager, before.interview.applicationId, reach, ['id']);
        const interviewerIds = command.interviewerIds ?? before.interviewerIds;
        await this.checkInterviewers(
          manager,
          before.interview.requisitionId,
          interviewerIds,
          command,
          before.interview.id,
        );
        const interview = await this.repository.updateInterviewAtVersion(
          manager,
          before.interview.id,
          before.interview.version,
          { startsAt: command.startsAt, endsAt: command.endsAt, icsSequence: () => 'ics_sequence + 1' },
        );
        if (!interview) throw DomainError.staleVersion('The interview', before.interview.version);
        await this.repository.replaceInterviewers(manager, interview, interviewerIds);
        const after = { interview, interviewerIds };
        await this.record(
          manager,
          EventType.INTERVIEW_RESCHEDULED,
          'rescheduleInterview',
          application,
          before,
          after,
        );
        return after;
      }),
    );
  }

  async cancel(command: CancelInterviewCommand, reach: EvaluationReach): Promise<InterviewChange> {
    const reason = command.reason?.trim() || null;
    if (reason && reason.length > 1000)
      throw DomainError.invalid(['reason'], 'A reason has at most 1000 characters.');
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.lockForChange(manager, command.id, command.expectedVersion, reach, 'cancel');
      const interview = await this.repository.updateInterviewAtVersion(
        manager,
        before.interview.id,
        before.interview.version,
        { status: InterviewStatus.CANCELLED, cancelReason: reason, icsSequence: () => 'ics_sequence + 1' },
      );
      if (!interview) throw DomainError.staleVersion('The interview', before.interview.version);
      await this.repository.setInterviewersStatus(manager, interview.id, InterviewStatus.CANCELLED);
      const application = await this.applicationFor(manager, interview.applicationId, null, ['id']);
      const after = { interview, interviewerIds: before.interviewerIds };
      await this.record(
        manager,
        EventType.INTERVIEW_CANCELLED,
        'cancelInterview',
        application,
        before,
        after,
        reason,
      );
      return after;
    });
  }

  async markNoShow(command: MarkInterviewNoShowCommand, reach: EvaluationReach): Promise<InterviewChange> {
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.lockForChange(manager, command.id, command.expectedVersion, reach, 'noShow');
      // No event type for it: the event sequence stays as it is, so it has no gap.
      const interview = await this.repository.updateInterviewAtVersion(
        manager,
        before.interview.id,
        before.interview.version,
        { status: InterviewStatus.NO_SHOW },
        false,
      );
      if (!interview) throw DomainError.staleVersion('The interview', before.interview.version);
      await this.repository.setInterviewersStatus(manager, interview.id, InterviewStatus.NO_SHOW);
      await this.audit.record(manager, {
        action: 'markInterviewNoShow',
        subjectType: 'interview',
        subjectIds: [interview.id],
        changes: diff({ status: before.interview.status }, { status: interview.status }),
      });
      return { interview, interviewerIds: before.interviewerIds };
    });
  }

  /** The application (within reach; null reach: already checked), which must be ACTIVE for a (re)schedule. */
  private async applicationFor(
    manager: EntityManager,
    applicationId: string,
    reach: EvaluationReach | null,
    field: string[],
  ): Promise<InterviewedApplication> {
    const application = await this.repository.lockApplicationForInterview(manager, applicationId);
    if (
      !application ||
      (reach && !(await this.requisitions.reaches(manager, application.requisitionId, teamReachOf(reach))))
    ) {
      throw DomainError.notFound('Application', field);
    }
    if (reach && application.status !== ApplicationStatus.ACTIVE) {
      throw DomainError.of(
        UserErrorCode.APPLICATION_NOT_ACTIVE,
        `The application is ${application.status}; interviews are scheduled for ACTIVE applications only.`,
        field,
      );
    }
    return application;
  }

  private async lockForChange(
    manager: EntityManager,
    id: string,
    expectedVersion: number | null | undefined,
    reach: EvaluationReach,
    action: InterviewAction,
  ): Promise<InterviewChange> {
    const locked = await this.repository.lockInterview(manager, id, reach);
    if (!locked) throw DomainError.notFound('Interview', ['id']);
    if (expectedVersion != null && expectedVersion !== locked.interview.version) {
      throw DomainError.staleVersion('The interview', locked.interview.version);
    }
    const refusal = interviewActionRefusal(
      action,
      locked.interview.status,
      locked.interview.startsAt,
      new Date(),
    );
    if (refusal) throw DomainError.of(UserErrorCode.INTERVIEW_NOT_SCHEDULED, refusal, ['id']);
    return locked;
  }

  /** Every interviewer is an active member of the hiring team and free at that time (an early, friendly answer). */
  private async checkInterviewers(
    manager: EntityManager,
    requisitionId: string,
    interviewerIds: readonly string[],
    times: { startsAt: Date; endsAt: Date },
    exceptInterviewId: string | null,
  ): Promise<void> {
    const members = await this.repository.activeTeamMembers(manager, requisitionId, interviewerIds);
    const outsider = interviewerIds.findIndex((id) => !members.has(id));
    if (outsider >= 0) {
      throw DomainError.of(
        UserErrorCode.INTERVIEWER_NOT_ON_TEAM,
        "The interviewer is not on the requisition's hiring team; add them to the team first.",
        ['interviewerIds', String(outsider)],
        { type: 'User', id: interviewerIds[outsider] },
      );
    }
    const busy = await this.repository.firstBusyInterviewer(
      manager,
      interviewerIds,
      times.startsAt,
      times.endsAt,
      exceptInterviewId,
    );
    if (busy) throw await this.unavailable(interviewerIds, busy, manager);
  }

  /**
   * Runs a write that inserts interviewers, answering a double booking that raced past the early check (the
   * exclusion constraint stopped it) as INTERVIEWER_UNAVAILABLE, naming the interviewer the database named.
   */
  private async refusingDoubleBookings<T>(
    interviewerIds: readonly string[],
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const violation = violatedConstraint(error);
      if (violation?.code !== PG_EXCLUSION_VIOLATION || violation.constraint !== NO_DOUBLE_BOOKING)
        throw error;
      // "Key (user_id, tstzrange(starts_at, ends_at))=(<uuid>, [...)) conflicts with existing key (...)"
      const userId = /=\(([0-9a-f-]{36}),/.exec(violation.detail ?? '')?.[1] ?? interviewerIds[0];
      throw await this.unavailable(interviewerIds, userId, this.dataSource.manager);
    }
  }

  private async unavailable(
    interviewerIds: readonly string[],
    userId: string,
    manager: EntityManager,
  ): Promise<DomainError> {
    const [user] = await manager.query<{ name: string }[]>(`SELECT name FROM app_user WHERE id = $1`, [
      userId,
    ]);
    const index = Math.max(0, interviewerIds.indexOf(userId));
    return DomainError.of(
      UserErrorCode.INTERVIEWER_UNAVAILABLE,
      `${user?.name ?? 'The interviewer'} has another interview at that time.`,
      ['interviewerIds', String(index)],
      { type: 'User', id: userId },
    );
  }

  /** The event (on the interview's own sequence) and the audit entry of a change the interview row reflects. */
  private async record(
    manager: EntityManager,
    type: EventType,
    action: string,
    application: InterviewedApplication,
    before: InterviewChange | null,
    after: InterviewChange,
    reason: string | null = null,
  ): Promise<void> {
    const { interview, interviewerIds } = after;
    await this.outbox.append(manager, [
      {
        type,
        aggregateType: 'interview',
        aggregateId: interview.id,
        sequence: interview.eventSequence,
        data: {
          interviewId: interview.id,
          applicationId: interview.applicationId,
          requisitionId: interview.requisitionId,
          candidateId: application.candidateId,
          stageId: interview.stageId,
          kind: interview.kind,
          status: interview.status,
          startsAt: interview.startsAt.toISOString(),
          endsAt: interview.endsAt.toISOString(),
          timeZone: interview.timeZone,
          interviewerIds,
        },
      },
    ]);
    const shape = (c: InterviewChange | null) =>
      c
        ? {
            status: c.interview.status,
            startsAt: c.interview.startsAt.toISOString(),
            endsAt: c.interview.endsAt.toISOString(),
            interviewerIds: c.interviewerIds,
          }
        : {};
    await this.audit.record(manager, {
      action,
      subjectType: 'interview',
      subjectIds: [interview.id],
      changes: diff(shape(before), { ...shape(after), ...(reason ? { reason } : {}) }),
    });
  }
}
