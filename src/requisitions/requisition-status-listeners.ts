import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionStatus } from './requisition.enums';

/** Something that must change with a requisition's status, in the same transaction (e.g. its job postings). */
export interface RequisitionStatusListener {
  requisitionStatusChanged(
    manager: EntityManager,
    requisition: RequisitionEntity,
    fromStatus: RequisitionStatus,
  ): Promise<void>;
}

/**
 * Modules that depend on requisitions register here (at start-up) instead of the requisitions module importing
 * them, which would make the module graph circular.
 */
@Injectable()
export class RequisitionStatusListeners {
  private readonly listeners: RequisitionStatusListener[] = [];

  register(listener: RequisitionStatusListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener on the caller's transaction, one after another (a transaction is one connection). */
  async notify(
    manager: EntityManager,
    requisition: RequisitionEntity,
    fromStatus: RequisitionStatus,
  ): Promise<void> {
    for (const listener of this.listeners) {
      await listener.requisitionStatusChanged(manager, requisition, fromStatus);
    }
  }
}
