import {
  ConflictException,
  GoneException,
  HttpException,
  Injectable,
  Logger,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inSavepoint, inTransaction } from '../common/database/transaction';
import { inboundApplications } from '../common/diagnostics';
import { DomainError } from '../common/errors/domain-error';
import { loggableError } from '../common/errors/loggable-error';
import { toProblem } from '../common/errors/problem-details';
import { UserErrorCode } from '../common/errors/user-error-code';
import { toGlobalId } from '../common/graphql/global-id';
import { readBoardApplication } from './board-application.parser';
import { readStoredCareerApplication } from './career-page.parser';
import {
  InboundAnswer,
  InboundDeliveriesRepository,
  NewDelivery,
  sha256,
  StoredDelivery,
} from './inbound-deliveries.repository';
import { InboundSource } from './inbound-delivery.entity';
import { InboundApplication, withoutSelfIdentification } from './inbound-parsing';
import { InboundPlacementService } from './inbound-placement.service';
import { readIndeedApplication } from './indeed-apply.parser';
import { JobBoardEntity } from './job-board.entity';
import { isUuid, JobBoardsRepository } from './job-boards.repository';

/** What an accepted application is answered with, per source (the career page creates: 201). */
const ACCEPTED_STATUS: Record<InboundSource, number> = {
  [InboundSource.INDEED]: 200,
  [InboundSource.STANDARD_WEBHOOKS]: 200,
  [InboundSource.CAREER_PAGE]: 201,
};

/** A delivery as received, from a board. */
export interface Delivery extends Omit<NewDelivery, 'boardId' | 'postingId'> {
  board: JobBoardEntity;
  /** The posting a career page's URL named, as given (its body does not name it). */
  postingId?: string | null;
}

/**
 * The intake of applications boards push to us. Every delivery is stored as received, with the answer given; a
 * delivery with an external id already seen gets the first one's answer and creates nothing. What the application
 * makes (candidate, application, resume) is InboundPlacementService's, on this transaction.
 *
 * A refusal is an HTTP exception of the boards' protocol or a DomainError of the use cases, whose answer (status
 * and problem details) is what the one mapping in common/errors makes of it.
 */
@Injectable()
export class InboundIntakeService {
  private readonly logger = new Logger('InboundApplications');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: InboundDeliveriesRepository,
    private readonly boards: JobBoardsRepository,
    private readonly placement: InboundPlacementService,
    private readonly audit: AuditLog,
  ) {}

  /** Stores a delivery refused before processing (bad signature, unreadable body) with its answer. */
  async refuse(received: Delivery, refusal: HttpException | DomainError): Promise<InboundAnswer> {
    const delivery = asStored(received);
    const answer = this.answerTo(refusal) as InboundAnswer;
    // Not under its external id: an unverified or unreadable delivery must not block a genuine one.
    await this.deliveries.insertUnlessKnown(
      this.dataSource.manager,
      this.toNew({ ...delivery, externalId: null }),
      answer,
    );
    inboundApplications.report(() => ({ source: delivery.source, status: answer.status }));
    return answer;
  }

  /**
   * Stores the delivery and processes the application it stands for, in one transaction. A refusal rolls back
   * whatever processing wrote but keeps the delivery and its answer. With `sameBodyRequired`, an external id
   * replayed with another body is refused (Idempotency-Key semantics) instead of answered.
   */
  async receive(
    received: Delivery,
    application: InboundApplication,
    options: { sameBodyRequired: boolean },
  ): Promise<InboundAnswer> {
    const delivery = asStored(received);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const id = await this.deliveries.insertUnlessKnown(manager, this.toNew(delivery), null);
        if (!id) return this.replay(manager, delivery, options.sameBodyRequired);
        const answer = await this.process(manager, delivery.board, delivery.source, id, () => application);
        await this.deliveries.recordAnswer(manager, id, answer);
        inboundApplications.report(() => ({ source: delivery.source, status: answer.status }));
        return answer;
      });
    } catch (error) {
      // Kept for operators, without its external id so that the board's retry is processed afresh.
      this.logger.error(loggableError(error), 'Inbound application failed');
      inboundApplications.report(() => ({ source: delivery.source, status: 500 }));
      await this.deliveries
        .insertUnlessKnown(this.dataSource.manager, this.toNew({ ...delivery, externalId: null }), {
          status: 500,
          body: {},
          error: error instanceof Error ? error.message : 'failed',
        })
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs the processing of a stored delivery again, from its stored body: for operators, once what made it fail
   * (a posting taken down, an outage) is fixed. Only deliveries whose processing failed: not one refused for its
   * signature, and one that already made an application is returned as it is (so reprocessing is idempotent).
   * Career-page deliveries are reprocessed for the posting their URL named (stored with them).
   */
  async reprocess(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const stored = await this.deliveries.lockForReprocessing(manager, id);
      if (!stored) throw DomainError.notFound('Inbound delivery', ['id']);
      if (stored.signatureValid === false) {
        throw DomainError.invalid(
          ['id'],
          'This delivery was refused for its signature: it cannot be reprocessed.',
        );
      }
      if (stored.applicationId !== null || (stored.status !== null && stored.status < 300)) return;
      if (stored.source === InboundSource.CAREER_PAGE && stored.postingId === null) {
        throw DomainError.invalid(
          ['id'],
          'This delivery from a career page does not name its posting: the career page submits it again.',
        );
      }
      const [board] = await this.boards.findBoardsByIds([stored.boardId], manager);
      const answer = await this.process(manager, board, stored.source, id, () =>
        storedApplication(stored, new Date()),
      );
      await this.deliveries.recordAnswer(manager, id, answer);
      await this.audit.record(manager, {
        action: 'reprocessInboundDelivery',
        subjectType: 'inbound_delivery',
        subjectIds: [id],
        changes: diff({ responseStatus: stored.status }, { responseStatus: answer.status }),
      });
    });
  }

  /** The application read (throwing its refusal) and applied, in a savepoint: a refusal is answered, not thrown. */
  private async process(
    manager: EntityManager,
    board: JobBoardEntity,
    source: InboundSource,
    deliveryId: string,
    read: () => InboundApplication | Promise<InboundApplication>,
  ): Promise<InboundAnswer> {
    try {
      return await inSavepoint(manager, async () => {
        const applicationId = await this.placement.place(manager, board, await read(), {
          source,
          deliveryId,
        });
        return {
          status: ACCEPTED_STATUS[source],
          body: { status: 'accepted', applicationId: toGlobalId('Application', applicationId) },
          applicationId,
        };
      });
    } catch (error) {
      const answer = this.answerTo(error);
      if (!answer) throw error;
      return answer;
    }
  }

  /** The first delivery's answer to a replayed external id (or, with another body where it must be the same, 422). */
  private async replay(
    manager: EntityManager,
    delivery: Delivery,
    sameBodyRequired: boolean,
  ): Promise<InboundAnswer> {
    const prior = await this.deliveries.findPriorAnswer(
      manager,
      delivery.board.id,
      delivery.source,
      delivery.externalId as string,
    );
    if (!prior) throw new Error('A delivery conflicted on its external id, but none is stored.');
    if (sameBodyRequired && prior.sha !== sha256(delivery.rawBody)) {
      return this.answerTo(
        new UnprocessableEntityException({
          message: 'This Idempotency-Key was already used for a different request.',
          code: 'IDEMPOTENCY_KEY_REUSED',
        }),
      ) as InboundAnswer;
    }
    return { status: prior.status ?? 500, body: prior.body ?? {}, applicationId: prior.applicationId };
  }

  /**
   * The answer to a refusal, as problem details from the one mapping in common/errors; null for anything that is
   * not a refusal (a failure, which the transaction does not survive).
   */
  private answerTo(error: unknown): InboundAnswer | null {
    const refusal = error instanceof DomainError ? inBoardTerms(error) : error;
    if (!(refusal instanceof HttpException) || refusal.getStatus() >= 500) return null;
    const body = toProblem(refusal, this.logger);
    return { status: body.status, body: { ...body }, error: refusal.message };
  }

  private toNew(delivery: Delivery): NewDelivery {
    const { board, postingId, ...rest } = delivery;
    return {
      ...rest,
      boardId: board.id,
      // Only an id that can name a posting: anything else is a 404 that reprocessing could not change.
      postingId:
        delivery.source === InboundSource.CAREER_PAGE && postingId && isUuid(postingId) ? postingId : null,
    };
  }
}

/** A delivery as it is stored and compared with earlier ones: its body without self-identification. */
function asStored(delivery: Delivery): Delivery {
  return { ...delivery, rawBody: withoutSelfIdentification(delivery.rawBody) };
}

/**
 * A refusal of the candidates' or the pipeline's use cases, in the terms a board understands: an application the
 * e-mail already made is a conflict; a requisition that no longer takes applications means the job is gone; any
 * other is content the board sent that we cannot accept. Never the refusal's fields or record ids: they name our
 * commands and records, not the board's body.
 */
function inBoardTerms(error: DomainError): HttpException {
  switch (error.code) {
    case UserErrorCode.DUPLICATE_APPLICATION:
      return new ConflictException({
        message: 'This e-mail address already applied to this job.',
        code: error.code,
      });
    case UserErrorCode.REQUISITION_NOT_OPEN:
    case UserErrorCode.REQUISITION_CLOSED:
      return new GoneException('This job is no longer accepting applications.');
    default:
      return new UnprocessableEntityException({ message: error.message, code: error.code });
  }
}

/** What a stored delivery asks for, read again from its body (and a career page's posting); throws its refusal. */
async function storedApplication(stored: StoredDelivery, now: Date): Promise<InboundApplication> {
  switch (stored.source) {
    case InboundSource.INDEED:
      return readIndeedApplication(stored.rawBody, now).application;
    case InboundSource.STANDARD_WEBHOOKS:
      return readBoardApplication(stored.rawBody, now);
    case InboundSource.CAREER_PAGE:
      return {
        postingId: stored.postingId as string,
        applicant: await readStoredCareerApplication(stored.rawBody, now),
      };
  }
}
