import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentRequest } from '../common/current-request';
import { EventOutbox } from '../events/event-outbox';
import { ApplicationStatus } from './pipeline.enums';
import { StageTransitionEntity } from './stage-transition.entity';
import { StageTransitionsRepository } from './stage-transitions.repository';
import { transitionEvent } from './transition-event';

/** One change of an application, already written to its row: where it was and where it is now. */
export interface ApplicationChangeEntry {
  application: { id: string; candidateId: string; requisitionId: string; eventSequence: number };
  fromStageId: string | null;
  toStageId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  reason: string | null;
  reasonId?: string | null;
}

/**
 * Every change of stage or status leaves a history entry and its event, in the transaction that made it, by the
 * request's actor. One place writes both, whichever use case moved the application (a move, a status change, a
 * stage removed under it) — except that a single application's change writes its entry with the row's update, in one
 * statement (`ApplicationsRepository.updateAtVersion`), and only its event here (`recordEvents`).
 */
@Injectable()
export class ApplicationHistory {
  constructor(
    private readonly transitions: StageTransitionsRepository,
    private readonly outbox: EventOutbox,
  ) {}

  /** The entries' history rows, in the order given (one statement for the rows, one for the events). */
  async record(manager: EntityManager, entries: ApplicationChangeEntry[]): Promise<StageTransitionEntity[]> {
    const actor = CurrentRequest.actor();
    const transitions = await this.transitions.insert(
      manager,
      entries.map((entry) => ({
        applicationId: entry.application.id,
        sequence: entry.application.eventSequence,
        fromStageId: entry.fromStageId,
        toStageId: entry.toStageId,
        fromStatus: entry.fromStatus,
        toStatus: entry.toStatus,
        reason: entry.reason,
        reasonId: entry.reasonId ?? null,
        actor,
      })),
    );
    await this.recordEvents(manager, entries, transitions);
    return transitions;
  }

  /**
   * The events of entries whose history rows are already written (`transitions`, by application): a change that
   * wrote its row and its history entry in one statement.
   */
  async recordEvents(
    manager: EntityManager,
    entries: ApplicationChangeEntry[],
    transitions: StageTransitionEntity[],
  ): Promise<void> {
    const actor = CurrentRequest.actor();
    const transitionIds = new Map(transitions.map((t) => [t.applicationId, t.id]));
    await this.outbox.append(
      manager,
      entries.map((entry) =>
        transitionEvent({
          applicationId: entry.application.id,
          candidateId: entry.application.candidateId,
          requisitionId: entry.application.requisitionId,
          sequence: entry.application.eventSequence,
          fromStageId: entry.fromStageId,
          toStageId: entry.toStageId,
          fromStatus: entry.fromStatus,
          toStatus: entry.toStatus,
          reason: entry.reason,
          reasonId: entry.reasonId ?? null,
          transitionId: transitionIds.get(entry.application.id)!,
          actor,
        }),
      ),
    );
  }
}
