import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionStatus } from './requisition.enums';

/**
 * Something another module keeps in step with a requisition, in the same transaction: its pipeline is created
 * with it, its job postings come down with its status. Each method is optional.
 */
export interface RequisitionListener {
  requisitionCreated?(manager: EntityManager, requisition: RequisitionEntity): Promise<void>;
  requisitionStatusChanged?(
    manager: EntityManager,
    requisition: RequisitionEntity,
    fromStatus: RequisitionStatus,
  ): Promise<void>;
}

/**
 * Modules above requisitions register here at start-up (`onModuleInit`), so that requisitions never import them:
 * the module graph stays one-way.
 */
@Injectable()
export class RequisitionListeners {
  private readonly listeners: RequisitionListener[] = [];

  register(listener: RequisitionListener): void {
    this.listeners.push(listener);
  }

  // Listeners run one after another on the caller's transaction (a transaction is one connection).

  async created(manager: EntityManager, requisition: RequisitionEntity): Promise<void> {
    for (const listener of this.listeners) await listener.requisitionCreated?.(manager, requisition);
  }

  async statusChanged(
    manager: EntityManager,
    requisition: RequisitionEntity,
    fromStatus: RequisitionStatus,
  ): Promise<void> {
    for (const listener of this.listeners) {
      await listener.requisitionStatusChanged?.(manager, requisition, fromStatus);
    }
  }
}
