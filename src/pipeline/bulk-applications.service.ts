import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { NIL_UUID } from '../common/graphql/global-id';
import { ALL_REACH, Reach } from '../identity/access.rules';
import {
  BulkMoveApplicationsCommand,
  BulkRejectApplicationsCommand,
  MAX_BULK_APPLICATIONS,
} from './application.commands';
import { ApplicationChange, ApplicationsService } from './applications.service';
import { RejectionCategory } from './pipeline.enums';
import { RejectionReasonsService } from './rejection-reasons.service';

/** One item of a bulk decision: the change it made, or why it was refused (nothing written for it). */
export type BulkItemResult = { id: string; change: ApplicationChange } | { id: string; error: DomainError };

/**
 * Many decisions in one call, each application in its own transaction with its own history entry, event and audit
 * entry, so one refusal (not found, not active, another requisition's stage) leaves the others done. Only the
 * shape of the call (how many ids, duplicates, the reason) refuses it as a whole, before anything is written.
 */
@Injectable()
export class BulkApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly reasons: RejectionReasonsService,
  ) {}

  async reject(input: BulkRejectApplicationsCommand, reach: Reach = ALL_REACH): Promise<BulkItemResult[]> {
    checkIds(input.ids);
    const reason = input.reason?.trim() || null;
    if (input.reasonId != null) {
      await this.reasons.requireUsable(
        this.dataSource.manager,
        input.reasonId,
        RejectionCategory.WE_REJECTED,
        ['reasonId'],
        { unknownIsInvalid: true },
      );
    } else if (!reason) {
      throw DomainError.invalid(['reason'], 'A rejection needs a reason or a reasonId.');
    }
    return this.each(input.ids, (id) =>
      this.applications.changeStatus('reject', { id, reasonId: input.reasonId, reason }, reach),
    );
  }

  async move(input: BulkMoveApplicationsCommand, reach: Reach = ALL_REACH): Promise<BulkItemResult[]> {
    checkIds(input.ids);
    return this.each(input.ids, (id) => this.applications.move({ id, stageId: input.stageId }, reach));
  }

  /** One after another, in input order: each its own transaction, on one connection at a time. */
  private async each(
    ids: string[],
    work: (id: string) => Promise<ApplicationChange>,
  ): Promise<BulkItemResult[]> {
    const results: BulkItemResult[] = [];
    for (const id of ids) {
      try {
        results.push({ id, change: await work(id) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ id, error });
      }
    }
    return results;
  }
}

function checkIds(ids: string[]): void {
  if (ids.length === 0 || ids.length > MAX_BULK_APPLICATIONS) {
    throw DomainError.invalid(['ids'], `ids must hold between 1 and ${MAX_BULK_APPLICATIONS} applications.`);
  }
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    // Ids that name nothing (malformed ones decode to the nil uuid) are each refused on their own.
    if (id === NIL_UUID) return;
    if (seen.has(id)) throw DomainError.invalid(['ids', String(index)], 'The application is listed twice.');
    seen.add(id);
  });
}
