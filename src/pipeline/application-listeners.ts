import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/** Something another module keeps in step with an application, in the same transaction. */
export interface ApplicationListener {
  /** The application was rejected or withdrew (it was ACTIVE). */
  applicationClosed?(manager: EntityManager, application: ApplicationEntity): Promise<void>;
}

/**
 * Modules above pipeline register here at start-up (`onModuleInit`), so that pipeline never imports them: the
 * offers module rescinds an application's open offer when the application is rejected or withdraws.
 */
@Injectable()
export class ApplicationListeners {
  private readonly listeners: ApplicationListener[] = [];

  register(listener: ApplicationListener): void {
    this.listeners.push(listener);
  }

  // One after another on the caller's transaction (a transaction is one connection).
  async closed(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    for (const listener of this.listeners) await listener.applicationClosed?.(manager, application);
  }
}
